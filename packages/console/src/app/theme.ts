import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  Modal,
  Notification,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/** Light, subtle and outline variants (badges, light buttons) with dark text, so it reads at 4.5:1 or more. */
const variantColorResolver: VariantColorsResolver = (input) => {
  const defaults = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'outline' && input.variant !== 'subtle') return defaults;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.shade !== undefined) return defaults;
  // Shade 9 darkened further: on a tinted background inside a striped or hovered row it still reads at 4.5:1.
  const shade9 = input.theme.colors[parsed.color]?.[9] ?? '#000';
  const text = darken(shade9, ['yellow', 'orange'].includes(parsed.color) ? 0.5 : 0.3);
  return {
    ...defaults,
    color: text,
    ...(input.variant === 'outline' ? { border: `1px solid ${text}` } : {}),
  };
};

/**
 * Mantine's defaults with darker shades where its light-scheme text would miss WCAG AA contrast (4.5:1):
 * primary buttons and links at shade 8, dimmed text at gray 7.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 5 },
  variantColorResolver,
  defaultRadius: 'sm',
  components: {
    // Mantine's close button has no text: name it for screen readers.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
    }),
  },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
