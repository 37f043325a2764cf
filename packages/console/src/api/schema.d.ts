// Generated from the server's OpenAPI document (/api/v1/openapi.json) by `npm run api-types -w @keyward/console`.
// Do not edit: the api-types test fails when this file no longer matches the server.

export interface paths {
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in: sets an HttpOnly session cookie and returns the CSRF token for changes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["def-1"];
                            csrfToken: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        /** Sign out: ends the session on the server and clears the cookie */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/email-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the caller a new link to verify their e-mail address (older links stop working) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description False when the address is already verified: nothing was sent */
                            sent: boolean;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/password-resets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Forgot password: e-mails a single-use link to choose a new one; the same answer whether the account exists or not */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            message: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your signed-in sessions: device, address, when created and last used */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sessions: {
                                id: string;
                                /** @description Browser and system, from the User-Agent sent at sign-in */
                                device: string;
                                address: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                lastSeenAt: string;
                                /** @description The session making this request */
                                current: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** End all your sessions but this one */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ended: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of your sessions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End every session of a user (operators) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ended: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/factors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's second factors and how many recovery codes are left */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            factors: components["schemas"]["def-2"][];
                            recoveryCodes: {
                                /** @description Recovery codes issued in the last set */
                                total: number;
                                /** @description Of those, not used yet */
                                unused: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/factors/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start adding an authenticator app: its secret and QR code, to confirm with a first code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            factor: components["schemas"]["def-2"];
                            /** @description Base32 secret to type into an authenticator app; shown once */
                            secret: string;
                            /** @description otpauth:// URI, as the QR code carries it */
                            uri: string;
                            /** @description The URI as an SVG QR code (data: URL) */
                            qrCode: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/factors/totp/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an authenticator app with its current code; the first factor comes with recovery codes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            factor: components["schemas"]["def-2"];
                            /** @description With the first factor of an account: ten recovery codes, shown only now */
                            recoveryCodes: string[] | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/factors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a second factor (needs a recent sign-in or step-up) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ten new recovery codes, shown once; the old ones stop working (needs a recent step-up) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Each works once; shown only now */
                            recoveryCodes: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish a sign-in with an authenticator or recovery code, after POST /session asked for one */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["def-1"];
                            csrfToken: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/step-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm it is you (a code when the account has a second factor, else the password) before a sensitive action */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        /** @description The PublicKeyCredential, JSON-encoded (base64url fields) */
                        passkey?: {
                            id: string;
                            rawId: string;
                            /** @enum {string} */
                            type: "public-key";
                            response: {
                                [key: string]: unknown;
                            };
                            clientExtensionResults: {
                                [key: string]: unknown;
                            };
                            authenticatorAttachment?: string;
                        };
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/factors/passkey/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Options for navigator.credentials.create(): add a passkey (answer within 5 minutes) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PublicKeyCredential options (JSON), for @simplewebauthn/browser or parseRequestOptionsFromJSON */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/factors/passkey": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add the passkey the browser created; the first factor comes with recovery codes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @description The PublicKeyCredential, JSON-encoded (base64url fields) */
                        response: {
                            id: string;
                            rawId: string;
                            /** @enum {string} */
                            type: "public-key";
                            response: {
                                [key: string]: unknown;
                            };
                            clientExtensionResults: {
                                [key: string]: unknown;
                            };
                            authenticatorAttachment?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            factor: components["schemas"]["def-2"];
                            /** @description With the first factor of an account: ten recovery codes, shown only now */
                            recoveryCodes: string[] | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/passkey/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Options for navigator.credentials.get(): the user's passkeys after a password or for step-up, else any passkey (sign-in with a passkey alone) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PublicKeyCredential options (JSON), for @simplewebauthn/browser or parseRequestOptionsFromJSON */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/passkey": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a passkey: after the password (second step), or alone */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The PublicKeyCredential, JSON-encoded (base64url fields) */
                        response: {
                            id: string;
                            rawId: string;
                            /** @enum {string} */
                            type: "public-key";
                            response: {
                                [key: string]: unknown;
                            };
                            clientExtensionResults: {
                                [key: string]: unknown;
                            };
                            authenticatorAttachment?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["def-1"];
                            csrfToken: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user and the organizations they belong to, with their roles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["def-1"];
                            memberships: components["schemas"]["def-3"][];
                            /** @description The password was generated at first run: ask for a new one (PUT /me/password) first */
                            passwordChangeRequired: boolean;
                            secondFactor: {
                                /** @description The user has an authenticator app or passkey */
                                enrolled: boolean;
                                /** @description Orgs of the user that require MFA: when not enrolled, ask the user to add a factor */
                                requiredBy: string[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the caller's e-mail address (needs a recent sign-in or step-up): the new one is unverified until its e-mailed link is followed, and the old one is told */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["def-1"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change the caller's password; their other sessions end */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every account (platform operators) */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-1"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an account (platform operators) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        name?: string;
                        password?: string;
                        platformRoles?: "platform_operator"[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            /** @description The user followed a link e-mailed to this address (verification or password reset) */
                            emailVerified: boolean;
                            name: string;
                            platformRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            disabled: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account (operators, or the user themselves) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            /** @description The user followed a link e-mailed to this address (verification or password reset) */
                            emailVerified: boolean;
                            name: string;
                            platformRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            disabled: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable an account: its sessions end and its credentials stop working (operators) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            /** @description The user followed a link e-mailed to this address (verification or password reset) */
                            emailVerified: boolean;
                            name: string;
                            platformRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            disabled: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-enable a disabled account (operators) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            /** @description The user followed a link e-mailed to this address (verification or password reset) */
                            emailVerified: boolean;
                            name: string;
                            platformRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            disabled: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset an account's password to a generated one, shown once; its sessions end (operators) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["def-1"];
                            /** @description The new password: shown in this answer only, never again */
                            password: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's organizations */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-3"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an organization; the caller becomes its owner */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        displayName?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            displayName: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                            /** @description Every member must sign in with a second factor */
                            requireMfa: boolean;
                            /** @description The caller's org roles here */
                            orgRoles: string[];
                            /** @description The caller's service roles here */
                            serviceRoles: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One organization the caller belongs to */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            displayName: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                            /** @description Every member must sign in with a second factor */
                            requireMfa: boolean;
                            /** @description The caller's org roles here */
                            orgRoles: string[];
                            /** @description The caller's service roles here */
                            serviceRoles: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename an organization (owners and admins) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        displayName?: string;
                        /** @description Owners only: members must sign in with a second factor */
                        requireMfa?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            displayName: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                            /** @description Every member must sign in with a second factor */
                            requireMfa: boolean;
                            /** @description The caller's org roles here */
                            orgRoles: string[];
                            /** @description The caller's service roles here */
                            serviceRoles: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organization's members (roles are shown to owners and admins) */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-4"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add the account that uses this e-mail (201), or invite the address when no account does (202) (owners and admins; only owners grant org_owner) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        orgRoles: ("org_owner" | "org_admin" | "org_member" | "developer")[];
                        /** @default [] */
                        serviceRoles?: string[];
                    };
                };
            };
            responses: {
                /** @description Roles are shown to owners and admins only */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            userId: string;
                            email: string;
                            name: string;
                            disabled: boolean;
                            orgRoles?: string[];
                            serviceRoles?: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invitation: components["schemas"]["def-5"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a member's roles */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        orgRoles: ("org_owner" | "org_admin" | "org_member" | "developer")[];
                        /** @default [] */
                        serviceRoles?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            orgId: string;
                            /** Format: uuid */
                            userId: string;
                            orgRoles: string[];
                            serviceRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove a member (or leave, when it is the caller) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending invitations: neither accepted nor revoked, expired ones included (owners and admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["def-5"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite an address with no account: it gets a single-use link to join with these roles */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        orgRoles: ("org_owner" | "org_admin" | "org_member" | "developer")[];
                        /** @default [] */
                        serviceRoles?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            orgId: string;
                            email: string;
                            orgRoles: string[];
                            serviceRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            expiresAt: string;
                            /** @description expired: the link no longer works; resend the invitation to send a new one */
                            status: "pending" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/invitations/{invitationId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** E-mail a new link, valid for the full lifetime again; the old link stops working */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    invitationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            orgId: string;
                            email: string;
                            orgRoles: string[];
                            serviceRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            expiresAt: string;
                            /** @description expired: the link no longer works; resend the invitation to send a new one */
                            status: "pending" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invitation: its link stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    invitationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lockouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current lockouts of every account, client and address (operators) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            lockouts: {
                                /** Format: uuid */
                                id: string;
                                /** @description What is locked: see docs/accounts.md#lockout */
                                scope: "account_address" | "account" | "address" | "device" | "client_address" | "api_token_address" | "signed_request_address";
                                userId: string | null;
                                email: string | null;
                                clientId: string | null;
                                address: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                lockedUntil: string;
                                lockoutsInARow: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lockouts/{lockoutId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Lift a lockout: it ends now and its back-off starts over (operators) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    lockoutId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/lockouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current sign-in lockouts of the organization’s members (owners) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            lockouts: {
                                /** Format: uuid */
                                id: string;
                                /** @description What is locked: see docs/accounts.md#lockout */
                                scope: "account_address" | "account" | "address" | "device" | "client_address" | "api_token_address" | "signed_request_address";
                                userId: string | null;
                                email: string | null;
                                clientId: string | null;
                                address: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                lockedUntil: string;
                                lockoutsInARow: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/lockouts/{lockoutId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Lift a lockout of a member of the organization (owners) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    lockoutId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The registered services: what service roles and permissions exist */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-6"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register a protected service with its permissions and roles (platform operators) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Lower-case letters, digits and dashes, e.g. billing */
                        id: string;
                        name: string;
                        description?: string;
                        permissions?: {
                            id: string;
                            description?: string;
                        }[];
                        roles?: {
                            name: string;
                            description?: string;
                            permissions: string[];
                        }[];
                        /** @description Resource URI of the service (RFC 8707), e.g. https://billing.example.com/: absolute, no fragment, unique. Clients send it as `resource` to get tokens for this service only, with it as `aud`. */
                        resource?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            permissions: {
                                id: string;
                                description: string;
                            }[];
                            roles: {
                                name: string;
                                description: string;
                                permissions: string[];
                            }[];
                            /** @description The resource URI (RFC 8707): the `aud` of access tokens requested with resource=<this URI> */
                            resource: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{serviceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One service */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes, e.g. billing */
                    serviceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            permissions: {
                                id: string;
                                description: string;
                            }[];
                            roles: {
                                name: string;
                                description: string;
                                permissions: string[];
                            }[];
                            /** @description The resource URI (RFC 8707): the `aud` of access tokens requested with resource=<this URI> */
                            resource: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit a service's name, description, permissions and roles (platform operators)
         * @description Each field given replaces the current one; the id and resource URI stay. A role that members or apps hold cannot be left out (409 service.role_in_use); changing the permissions of a role changes what its holders may do from their next access token on.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes, e.g. billing */
                    serviceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string;
                        /** @description Replaces the list; permissions of the roles are kept or added anyway */
                        permissions?: {
                            id: string;
                            description?: string;
                        }[];
                        /** @description Replaces the list; a role members or apps hold cannot be left out (service.role_in_use) */
                        roles?: {
                            name: string;
                            description?: string;
                            permissions: string[];
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            permissions: {
                                id: string;
                                description: string;
                            }[];
                            roles: {
                                name: string;
                                description: string;
                                permissions: string[];
                            }[];
                            /** @description The resource URI (RFC 8707): the `aud` of access tokens requested with resource=<this URI> */
                            resource: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organization's audit trail, newest first (owners and admins)
         * @description Narrowed by exact action, actor id and target id, and by a time range [from, to).
         */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                    action?: string;
                    actorId?: string;
                    targetId?: string;
                    /** @description Events at or after this time (ISO 8601) */
                    from?: string;
                    /** @description Events before this time (ISO 8601) */
                    to?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-7"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every audit event, newest first (platform operators)
         * @description Narrowed by exact action, actor id and target id, and by a time range [from, to).
         */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                    action?: string;
                    actorId?: string;
                    targetId?: string;
                    /** @description Events at or after this time (ISO 8601) */
                    from?: string;
                    /** @description Events before this time (ISO 8601) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-7"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's API tokens (never their values), newest first */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-8"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Generate an API token for one org; the value is in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orgId: string;
                        name: string;
                        /** @description Lifetime in seconds (at least 300); null never expires; omitted: six months */
                        ttlSeconds?: number | null;
                        scopes: {
                            /** @description Every role the user holds, now and at each exchange */
                            allRoles?: boolean;
                            orgRoles?: ("org_owner" | "org_admin" | "org_member" | "developer")[];
                            serviceRoles?: string[];
                            permissions?: string[];
                        };
                        /** @description Exchanges also return an OpenID Connect id_token */
                        openid?: boolean;
                        notifyDaysBeforeExpiry?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** Format: uuid */
                            orgId: string;
                            scopes: {
                                allRoles: boolean;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            openid: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            expiresAt: string | null;
                            lastUsedAt: string | null;
                            notifyDaysBeforeExpiry: number | null;
                            /** @description What an exchange would meet now (an idle-policy violation shows at exchange) */
                            state: "active" | "expired" | "deactivated" | "revoked";
                            deactivatedAt: string | null;
                            owner?: {
                                /** Format: uuid */
                                userId: string;
                                email: string;
                            };
                            /** @description The token value. Shown only in this answer. */
                            token: string;
                            /** @description What Keyward decided that the request left open: lifetime_capped (no ttlSeconds, and the six-month default exceeded the org's maximum, so the token lives that maximum), reminder_now (the token expires sooner than notifyDaysBeforeExpiry, so the reminder e-mail is sent at once) */
                            notes: {
                                kind: "lifetime_capped" | "reminder_now";
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/api-tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller’s API tokens */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** Format: uuid */
                            orgId: string;
                            scopes: {
                                allRoles: boolean;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            openid: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            expiresAt: string | null;
                            lastUsedAt: string | null;
                            notifyDaysBeforeExpiry: number | null;
                            /** @description What an exchange would meet now (an idle-policy violation shows at exchange) */
                            state: "active" | "expired" | "deactivated" | "revoked";
                            deactivatedAt: string | null;
                            owner?: {
                                /** Format: uuid */
                                userId: string;
                                email: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke an API token; access tokens minted from it stop working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/api-tokens/{tokenId}/regenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API token and return a new value with the same settings */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** Format: uuid */
                            orgId: string;
                            scopes: {
                                allRoles: boolean;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            openid: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            expiresAt: string | null;
                            lastUsedAt: string | null;
                            notifyDaysBeforeExpiry: number | null;
                            /** @description What an exchange would meet now (an idle-policy violation shows at exchange) */
                            state: "active" | "expired" | "deactivated" | "revoked";
                            deactivatedAt: string | null;
                            owner?: {
                                /** Format: uuid */
                                userId: string;
                                email: string;
                            };
                            /** @description The token value. Shown only in this answer. */
                            token: string;
                            /** @description What Keyward decided that the request left open: lifetime_capped (no ttlSeconds, and the six-month default exceeded the org's maximum, so the token lives that maximum), reminder_now (the token expires sooner than notifyDaysBeforeExpiry, so the reminder e-mail is sent at once) */
                            notes: {
                                kind: "lifetime_capped" | "reminder_now";
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every API token of the organization with its owner, metadata only (org owners) */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-8"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/api-tokens/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate up to 15 API tokens of the organization (org owners); each owner is e-mailed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            successes: string[];
                            failures: {
                                id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/api-tokens/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reactivate up to 15 API tokens of the organization (org owners); each owner is e-mailed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            successes: string[];
                            failures: {
                                id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's API-token policies (any member) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Seconds; new API tokens may not live longer. null: no limit */
                            apiTokenMaxTtl: number | null;
                            /** @description Seconds; a token unused this long stops working. null: no limit */
                            apiTokenIdleTtl: number | null;
                            updatedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        /** Set the API-token policies: maximum lifetime of new tokens, idle limit for all (org owners) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Seconds; new API tokens may not live longer. null: no limit */
                        apiTokenMaxTtl: number | null;
                        /** @description Seconds; a token unused this long stops working. null: no limit */
                        apiTokenIdleTtl: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Seconds; new API tokens may not live longer. null: no limit */
                            apiTokenMaxTtl: number | null;
                            /** @description Seconds; a token unused this long stops working. null: no limit */
                            apiTokenIdleTtl: number | null;
                            updatedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The apps the organization owns, newest first; `search` matches part of the name */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                    search?: string;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-9"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an OAuth app (owners, admins, developers); a server or web app’s secret is in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description server: client_credentials; web: confidential, authorization_code; native: public, PKCE */
                        type: "server" | "web" | "native";
                        name: string;
                        description?: string;
                        /** @description web: https (http only on a loopback address); native: loopback http (any port), a reverse-domain scheme such as com.example.app:/cb, or https; server: none */
                        redirectUris?: string[];
                        /** @description web: https (http only on a loopback address); native: loopback http (any port), a reverse-domain scheme such as com.example.app:/cb, or https; server: none */
                        postLogoutRedirectUris?: string[];
                        scopes: {
                            /** @description Every role the user holds, now and at each exchange */
                            allRoles?: boolean;
                            orgRoles?: ("org_owner" | "org_admin" | "org_member" | "developer")[];
                            serviceRoles?: string[];
                            permissions?: string[];
                        };
                        /** @description Seconds; default 600 */
                        accessTokenTtl?: number;
                        /** @description Seconds, more than accessTokenTtl; default 90 days (web and native apps) */
                        refreshTokenTtl?: number;
                        /** @description Web and native apps: authorization_code and/or the device code grant (RFC 8628), optionally refresh_token; server apps: client_credentials only */
                        grantTypes?: ("client_credentials" | "authorization_code" | "refresh_token" | "urn:ietf:params:oauth:grant-type:device_code")[];
                        /** @description Web apps only (native apps always); default true */
                        requirePkce?: boolean;
                        /** @description Web and native apps: accept authorization requests only when pushed to /oauth/par first (RFC 9126); default false */
                        requirePar?: boolean;
                        /** @description The client_id */
                        clientId?: string;
                        /** @description How a server or web app authenticates: its client secret (client_secret_basic or client_secret_post, both accepted either way), or a JWT signed with one of its keys (private_key_jwt, RFC 7523), and then never with a secret */
                        tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                        /** @description The public keys the app signs client assertions with: RSA (2048 bits or more), EC P-256 or Ed25519 */
                        jwks?: {
                            keys: ({
                                kty: "RSA" | "EC" | "OKP";
                                kid?: string;
                                alg?: string;
                                use?: string;
                                crv?: string;
                                n?: string;
                                e?: string;
                                x?: string;
                                y?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                        /** @description Where the app publishes its public keys (a JWKS), fetched by Keyward and cached; https (plain http only to a loopback address while Keyward itself runs on one) */
                        jwksUri?: string;
                        /** @description Every token request must carry a DPoP proof, so the app only ever gets DPoP-bound tokens (RFC 9449 §5.2) */
                        requireDpop?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The client_id */
                            id: string;
                            /** Format: uuid */
                            orgId: string;
                            /** @description server: client_credentials; web: confidential, authorization_code; native: public, PKCE */
                            type: "server" | "web" | "native";
                            name: string;
                            description: string;
                            redirectUris: string[];
                            postLogoutRedirectUris: string[];
                            grantTypes: string[];
                            scopes: {
                                allRoles: boolean;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            accessTokenTtl: number;
                            refreshTokenTtl: number;
                            requirePkce: boolean;
                            /** @description Authorization requests only through /oauth/par (RFC 9126) */
                            requirePar: boolean;
                            /** @description true for native apps: no secret (RFC 8252 §8.4) */
                            publicClient: boolean;
                            /** @description client_secret_basic, client_secret_post, private_key_jwt, or none (native apps) */
                            tokenEndpointAuthMethod: string;
                            jwks: {
                                keys: ({
                                    kty: "RSA" | "EC" | "OKP";
                                    kid?: string;
                                    alg?: string;
                                    use?: string;
                                    crv?: string;
                                    n?: string;
                                    e?: string;
                                    x?: string;
                                    y?: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            jwksUri: string | null;
                            requireDpop: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                            createdBy: string;
                            /** @description The client secret of a server or web app. Shown only in this answer. */
                            secret?: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/apps/{appId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One app of the organization (never its secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The client_id */
                            id: string;
                            /** Format: uuid */
                            orgId: string;
                            /** @description server: client_credentials; web: confidential, authorization_code; native: public, PKCE */
                            type: "server" | "web" | "native";
                            name: string;
                            description: string;
                            redirectUris: string[];
                            postLogoutRedirectUris: string[];
                            grantTypes: string[];
                            scopes: {
                                allRoles: boolean;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            accessTokenTtl: number;
                            refreshTokenTtl: number;
                            requirePkce: boolean;
                            /** @description Authorization requests only through /oauth/par (RFC 9126) */
                            requirePar: boolean;
                            /** @description true for native apps: no secret (RFC 8252 §8.4) */
                            publicClient: boolean;
                            /** @description client_secret_basic, client_secret_post, private_key_jwt, or none (native apps) */
                            tokenEndpointAuthMethod: string;
                            jwks: {
                                keys: ({
                                    kty: "RSA" | "EC" | "OKP";
                                    kid?: string;
                                    alg?: string;
                                    use?: string;
                                    crv?: string;
                                    n?: string;
                                    e?: string;
                                    x?: string;
                                    y?: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            jwksUri: string | null;
                            requireDpop: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                            createdBy: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an app with its secrets and grants; its access tokens stop working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an app’s name, redirect URIs, scopes, lifetimes, or PKCE or DPoP requirement */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string;
                        /** @description web: https (http only on a loopback address); native: loopback http (any port), a reverse-domain scheme such as com.example.app:/cb, or https; server: none */
                        redirectUris?: string[];
                        /** @description web: https (http only on a loopback address); native: loopback http (any port), a reverse-domain scheme such as com.example.app:/cb, or https; server: none */
                        postLogoutRedirectUris?: string[];
                        scopes?: {
                            /** @description Every role the user holds, now and at each exchange */
                            allRoles?: boolean;
                            orgRoles?: ("org_owner" | "org_admin" | "org_member" | "developer")[];
                            serviceRoles?: string[];
                            permissions?: string[];
                        };
                        /** @description Seconds; default 600 */
                        accessTokenTtl?: number;
                        /** @description Seconds, more than accessTokenTtl; default 90 days (web and native apps) */
                        refreshTokenTtl?: number;
                        requirePkce?: boolean;
                        /** @description Every token request must carry a DPoP proof, so the app only ever gets DPoP-bound tokens (RFC 9449 §5.2) */
                        requireDpop?: boolean;
                        /** @description Web and native apps: accept authorization requests only when pushed to /oauth/par first (RFC 9126); default false */
                        requirePar?: boolean;
                        /** @description Web and native apps: authorization_code and/or the device code grant (RFC 8628), optionally refresh_token; server apps: client_credentials only */
                        grantTypes?: ("client_credentials" | "authorization_code" | "refresh_token" | "urn:ietf:params:oauth:grant-type:device_code")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The client_id */
                            id: string;
                            /** Format: uuid */
                            orgId: string;
                            /** @description server: client_credentials; web: confidential, authorization_code; native: public, PKCE */
                            type: "server" | "web" | "native";
                            name: string;
                            description: string;
                            redirectUris: string[];
                            postLogoutRedirectUris: string[];
                            grantTypes: string[];
                            scopes: {
                                allRoles: boolean;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            accessTokenTtl: number;
                            refreshTokenTtl: number;
                            requirePkce: boolean;
                            /** @description Authorization requests only through /oauth/par (RFC 9126) */
                            requirePar: boolean;
                            /** @description true for native apps: no secret (RFC 8252 §8.4) */
                            publicClient: boolean;
                            /** @description client_secret_basic, client_secret_post, private_key_jwt, or none (native apps) */
                            tokenEndpointAuthMethod: string;
                            jwks: {
                                keys: ({
                                    kty: "RSA" | "EC" | "OKP";
                                    kid?: string;
                                    alg?: string;
                                    use?: string;
                                    crv?: string;
                                    n?: string;
                                    e?: string;
                                    x?: string;
                                    y?: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            jwksUri: string | null;
                            requireDpop: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                            createdBy: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/apps/{appId}/client-authentication": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set how the app authenticates (owners): its secret, or private_key_jwt with its public keys (jwks inline or jwksUri); a private_key_jwt app is refused when it sends a secret */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How a server or web app authenticates: its client secret (client_secret_basic or client_secret_post, both accepted either way), or a JWT signed with one of its keys (private_key_jwt, RFC 7523), and then never with a secret */
                        tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                        /** @description The public keys the app signs client assertions with: RSA (2048 bits or more), EC P-256 or Ed25519 */
                        jwks?: {
                            keys: ({
                                kty: "RSA" | "EC" | "OKP";
                                kid?: string;
                                alg?: string;
                                use?: string;
                                crv?: string;
                                n?: string;
                                e?: string;
                                x?: string;
                                y?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                        /** @description Where the app publishes its public keys (a JWKS), fetched by Keyward and cached; https (plain http only to a loopback address while Keyward itself runs on one) */
                        jwksUri?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The client_id */
                            id: string;
                            /** Format: uuid */
                            orgId: string;
                            /** @description server: client_credentials; web: confidential, authorization_code; native: public, PKCE */
                            type: "server" | "web" | "native";
                            name: string;
                            description: string;
                            redirectUris: string[];
                            postLogoutRedirectUris: string[];
                            grantTypes: string[];
                            scopes: {
                                allRoles: boolean;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            accessTokenTtl: number;
                            refreshTokenTtl: number;
                            requirePkce: boolean;
                            /** @description Authorization requests only through /oauth/par (RFC 9126) */
                            requirePar: boolean;
                            /** @description true for native apps: no secret (RFC 8252 §8.4) */
                            publicClient: boolean;
                            /** @description client_secret_basic, client_secret_post, private_key_jwt, or none (native apps) */
                            tokenEndpointAuthMethod: string;
                            jwks: {
                                keys: ({
                                    kty: "RSA" | "EC" | "OKP";
                                    kid?: string;
                                    alg?: string;
                                    use?: string;
                                    crv?: string;
                                    n?: string;
                                    e?: string;
                                    x?: string;
                                    y?: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            jwksUri: string | null;
                            requireDpop: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updatedAt: string;
                            createdBy: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/apps/{appId}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Regenerate the client secret (owners); every previous secret stops working at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The new client secret. Shown only in this answer. */
                            secret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/apps/{appId}/secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a new client secret (owners); the current ones keep working for the overlap (48 h) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the current secrets keep working; default 48 hours */
                        overlapSeconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The new client secret. Shown only in this answer. */
                            secret: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            previousSecretsExpireAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/apps/{appId}/secret/rotation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a rotation now (owners): only the newest secret keeps working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/app-grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The apps added to this organization, with the roles it gives each (owners, admins, developers) */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-10"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a server-to-server app (of any org) to this organization with roles, or replace its roles (owners, admins; developers give org_member and developer only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The client_id */
                        appId: string;
                        orgRoles: ("org_owner" | "org_admin" | "org_member" | "developer")[];
                        serviceRoles?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            appId: string;
                            appName: string;
                            /** Format: uuid */
                            appOwnerOrgId: string;
                            orgRoles: string[];
                            serviceRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            appId: string;
                            appName: string;
                            /** Format: uuid */
                            appOwnerOrgId: string;
                            orgRoles: string[];
                            serviceRoles: string[];
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/app-grants/{appId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an app from this organization (owners, admins); its tokens here stop working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/apps/{appId}/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's working secrets: ids, creation and expiry, never values (owners, admins, developers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                    /** @description The client_id */
                    appId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The secrets that work now, newest first */
                            secrets: {
                                /** @description The secret’s id (never its value) */
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                createdAt: string;
                                /** @description null for the current secret; a rotated-out secret works until then */
                                expiresAt: string | null;
                            }[];
                            /** @description A rotation is running: a previous secret still works */
                            rotating: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consumer-apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's applications (never their secrets), newest first */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-11"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register an application (AK + AS) for signed OVH-style calls; the secret is in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The application id (OVH applicationId) */
                            applicationId: number;
                            /** @description The application key (AK), sent as X-Ovh-Application */
                            applicationKey: string;
                            name: string;
                            description: string;
                            /** @description Only active and trusted applications may request or use consumer keys */
                            status: "active" | "blocked" | "inactive" | "trusted";
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /** @description The application secret (AS) that signs requests. Shown only in this answer. */
                            applicationSecret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consumer-apps/{applicationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller’s applications (never its secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The application id (OVH applicationId) */
                    applicationId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The application id (OVH applicationId) */
                            applicationId: number;
                            /** @description The application key (AK), sent as X-Ovh-Application */
                            applicationKey: string;
                            name: string;
                            description: string;
                            /** @description Only active and trusted applications may request or use consumer keys */
                            status: "active" | "blocked" | "inactive" | "trusted";
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an application and every consumer key given to it; they stop working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The application id (OVH applicationId) */
                    applicationId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consumer-apps/{applicationId}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The consumer keys one of the caller’s applications requested, pending ones included */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                };
                header?: never;
                path: {
                    /** @description The application id (OVH applicationId) */
                    applicationId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["def-12"][];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consumer-apps/{applicationId}/credentials/{credentialId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a consumer key of one of the caller’s applications (e.g. a leaked one) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The application id (OVH applicationId) */
                    applicationId: number;
                    /** @description The credential id (OVH credentialId) */
                    credentialId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consumer-credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The consumer keys the caller validated or refused for any application, newest first */
        get: {
            parameters: {
                query: {
                    /** @description 1-based index of the first item */
                    pageStart: number;
                    pageLimit: number;
                    /** @description The application id (OVH applicationId) */
                    applicationId?: number;
                    /** @description The state now: a validated credential past its expiry, or a request nobody answered within 24 hours, is expired */
                    status?: "pendingValidation" | "validated" | "refused" | "expired";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: {
                                /** @description The credential id (OVH credentialId) */
                                credentialId: number;
                                /** @description The application id (OVH applicationId) */
                                applicationId: number;
                                /** @description The state now: a validated credential past its expiry, or a request nobody answered within 24 hours, is expired */
                                status: "pendingValidation" | "validated" | "refused" | "expired";
                                /** @description The method and path patterns the key may call */
                                rules: {
                                    method: "GET" | "POST" | "PUT" | "DELETE";
                                    /** @description A path pattern; `*` spans any characters, e.g. /me/* */
                                    path: string;
                                }[];
                                /** @description CIDR blocks the consumer key may be used from; null: any address */
                                allowedIPs: string[] | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                createdAt: string;
                                /** @description null until a user validated it */
                                validatedAt: string | null;
                                /** @description When it stops working (for a pending request: when its validation link lapses); null: never */
                                expiresAt: string | null;
                                /** @description The last signed call made with it */
                                lastUsedAt: string | null;
                                /** @description The user who validated or refused it; null while pending */
                                grantedBy: string | null;
                                /** @description The application the credential was granted to (any owner’s) */
                                application: {
                                    /** @description The application id (OVH applicationId) */
                                    applicationId: number;
                                    name: string;
                                    description: string;
                                };
                            }[];
                            totalResults: number;
                            nextLink: string | null;
                            prevLink: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consumer-credentials/{credentialId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One consumer key the caller granted, with its application */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The credential id (OVH credentialId) */
                    credentialId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The credential id (OVH credentialId) */
                            credentialId: number;
                            /** @description The application id (OVH applicationId) */
                            applicationId: number;
                            /** @description The state now: a validated credential past its expiry, or a request nobody answered within 24 hours, is expired */
                            status: "pendingValidation" | "validated" | "refused" | "expired";
                            /** @description The method and path patterns the key may call */
                            rules: {
                                method: "GET" | "POST" | "PUT" | "DELETE";
                                /** @description A path pattern; `*` spans any characters, e.g. /me/* */
                                path: string;
                            }[];
                            /** @description CIDR blocks the consumer key may be used from; null: any address */
                            allowedIPs: string[] | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /** @description null until a user validated it */
                            validatedAt: string | null;
                            /** @description When it stops working (for a pending request: when its validation link lapses); null: never */
                            expiresAt: string | null;
                            /** @description The last signed call made with it */
                            lastUsedAt: string | null;
                            /** @description The user who validated or refused it; null while pending */
                            grantedBy: string | null;
                            /** @description The application the credential was granted to (any owner’s) */
                            application: {
                                /** @description The application id (OVH applicationId) */
                                applicationId: number;
                                name: string;
                                description: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke a consumer key the caller granted; it stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The credential id (OVH credentialId) */
                    credentialId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Set (or clear with null) the addresses a consumer key the caller granted may be used from */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The credential id (OVH credentialId) */
                    credentialId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Where the consumer key may be used from; null: any address */
                        allowedIPs: string[] | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The credential id (OVH credentialId) */
                            credentialId: number;
                            /** @description The application id (OVH applicationId) */
                            applicationId: number;
                            /** @description The state now: a validated credential past its expiry, or a request nobody answered within 24 hours, is expired */
                            status: "pendingValidation" | "validated" | "refused" | "expired";
                            /** @description The method and path patterns the key may call */
                            rules: {
                                method: "GET" | "POST" | "PUT" | "DELETE";
                                /** @description A path pattern; `*` spans any characters, e.g. /me/* */
                                path: string;
                            }[];
                            /** @description CIDR blocks the consumer key may be used from; null: any address */
                            allowedIPs: string[] | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            /** @description null until a user validated it */
                            validatedAt: string | null;
                            /** @description When it stops working (for a pending request: when its validation link lapses); null: never */
                            expiresAt: string | null;
                            /** @description The last signed call made with it */
                            lastUsedAt: string | null;
                            /** @description The user who validated or refused it; null while pending */
                            grantedBy: string | null;
                            /** @description The application the credential was granted to (any owner’s) */
                            application: {
                                /** @description The application id (OVH applicationId) */
                                applicationId: number;
                                name: string;
                                description: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/auth/time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The server time in UNIX seconds, for OVH-style clients signing calls to this API */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": number;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signed-request-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check an OVH-signed request received elsewhere (a gateway): whether the signature holds and who signed it
         * @description For gateways and resource servers that take OVH-style signed requests without holding the application secret. Authenticate with HTTP Basic as a confidential OAuth app listed in KEYWARD_SIGNED_REQUEST_CHECKERS. A refused signature is answered 200 with valid: false, the reason, and the OVH-shaped error to send to the caller; 4xx answers are about the check request itself. Nothing is cached: each signature is checked afresh.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The HTTP method, upper case, as the client sent (and signed) it
                         * @enum {string}
                         */
                        method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
                        /** @description The URL the request arrived at: scheme://Host header + the request target exactly as received (raw path and query, escapes untouched) */
                        url: string;
                        /** @description The origin clients are configured with (the gateway’s public URL), also tried as the signed URL’s origin */
                        publicOrigin?: string;
                        /** @description The X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature headers received */
                        headers: {
                            [key: string]: string;
                        };
                        /** @description The raw request body in base64 (the signature covers its bytes); at most 128 KiB decoded */
                        body?: string;
                        /** @description The address the request came from: failed signatures are counted against it, and allowedIPs apply to it */
                        clientIp: string;
                        /** @description The path prefix access rules are relative to (e.g. /1.0); default none */
                        rulesPrefix?: string;
                        /**
                         * Format: uuid
                         * @description The organization the caller acts in; default the user’s only one
                         */
                        orgId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            valid: true;
                            principal: {
                                /** @enum {string} */
                                kind: "user";
                                /** @description The id of the user who validated the consumer key */
                                subject: string;
                                email: string;
                                name: string;
                                /** @description null when no orgId was asked for and the user belongs to several organizations (or none) */
                                orgId: string | null;
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                                platformRoles: string[];
                                credential: {
                                    /** @enum {string} */
                                    type: "consumer_key";
                                    id: string;
                                };
                                applicationId: number;
                                applicationName: string;
                            };
                            /** @description The consumer key's access rules */
                            rules: {
                                method: string;
                                path: string;
                            }[];
                            expiresAt: string | null;
                            request: {
                                method: string;
                                /** @description The request path relative to rulesPrefix; null when outside it (or with a dot segment) */
                                path: string | null;
                                /** @description Whether the key's rules allow this method and path */
                                allowed: boolean;
                            };
                        } | {
                            /** @enum {boolean} */
                            valid: false;
                            /** @description The docs/errors.md code, e.g. consumer_key.invalid_signature */
                            code: string;
                            /** @description The HTTP status to answer the signed request with */
                            status: number;
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            retryAfterSeconds?: number;
                            /** @description The error to answer an OVH client with, in the OVH API’s shape */
                            ovh: {
                                class: string;
                                message: string;
                                errorCode: string;
                                httpCode: string;
                                details?: {
                                    [key: string]: string;
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The apps the caller has consented to, per organization */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: {
                                appId: string;
                                appName: string;
                                /** Format: uuid */
                                orgId: string;
                                /** @description The scopes consented to; empty means every role the app may have */
                                scope: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                updatedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/consents/{appId}/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw a consent: the app must ask again, and its tokens for this org stop working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    appId: string;
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{orgId}/access-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Why a credential, member or app can or cannot do something, step by step
         * @description Answered by the code the requests run (the API-token exchange, the client_credentials grant, the OVH signature verifier). Owners and admins ask about anyone in the organization; members about themselves and their own credentials. Nothing is changed or recorded as a use.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Whose access: `{type, id}` of a credential, `{userId}` or `{appId}` */
                        credential: {
                            /** @enum {string} */
                            type: "api_token";
                            /** @description The API token's id (never its value) */
                            id: string;
                        } | {
                            /** @enum {string} */
                            type: "consumer_credential";
                            /** @description The OVH-style consumer credential id */
                            id: number;
                        } | {
                            /** Format: uuid */
                            userId: string;
                        } | {
                            appId: string;
                        };
                        /** @description What it would do */
                        request: {
                            /** @description `billing:read`, or CSP’s `external/billing/billing:read` */
                            permission: string;
                        } | {
                            method: "GET" | "POST" | "PUT" | "DELETE";
                            /** @description Relative to the API version (`/me`), or with it (`/1.0/me`) */
                            path: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowed: boolean;
                            /** @description Each step of the decision, in the order the request takes them; it stops at a failed one */
                            because: {
                                step: "credential" | "holder" | "scope" | "granted" | "rules" | "decision";
                                ok: boolean;
                                /** @description What was found, in words */
                                detail: string;
                                /** @description The error the request itself would get here */
                                code?: string;
                            }[];
                            /** @description What an access token minted now would carry */
                            granted?: {
                                orgRoles: string[];
                                serviceRoles: string[];
                                permissions: string[];
                            };
                            /** @description The permission or rule that is missing */
                            missing: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/revocations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Revoked access tokens, credentials and subjects, from a position (the revocation feed)
         * @description Entries grow in commit order; resume with `after` = the `next` of the last page. Authenticate with HTTP Basic as any confidential OAuth app of Keyward (the credentials a resource server uses for introspection). See docs/adr/0007-revocation-feed.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description The last position already held; 0: from the start */
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: components["schemas"]["def-13"][];
                            /** @description true when `after` is a position this feed cannot resume from (older than what it keeps, or from another database): forget every entry held and take these, which start from the beginning */
                            reset: boolean;
                            /** @description Pass as `after` for the next page, or to resume */
                            next: number;
                            /** @description More entries follow: ask again with `after=next` at once */
                            more: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/revocations/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The revocation feed as Server-Sent Events
         * @description text/event-stream. Events: `revocation` (id = position, data = a RevocationEntry), `reset` (forget every entry held: the entries that follow start from the beginning), `heartbeat` after the backlog and every 10 s after (data `{"position": n}`). Resume with the Last-Event-ID header (or `after`). Authenticate with HTTP Basic as any confidential OAuth app of Keyward (the credentials a resource server uses for introspection). See docs/adr/0007-revocation-feed.md.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Where to start when no Last-Event-ID header is sent; default 0 */
                    after?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An endless event stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signing keys: the active one and the retired ones still kept (platform operators) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first: the active key, then the retired ones kept */
                            keys: components["schemas"]["def-14"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a new active signing key; the previous one stays published until its tokens expire
         * @description The new key has the configured algorithm (KEYWARD_SIGNING_ALG) and signs from now on, on every node within seconds. Tokens signed by the previous key keep verifying: it stays in the JWKS until they have expired. Platform operators only.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kid: string;
                            alg: "ES256" | "RS256" | "EdDSA";
                            /** @description The active key signs; retired keys only verify, while published */
                            state: "active" | "retired";
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            createdAt: string;
                            retiredAt: string | null;
                            /** @description A retired key stays in the JWKS until every token it signed has expired; null while active */
                            publishedUntil: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Stable dotted code, listed in docs/errors.md */
                            code: string;
                            /** @description What happened and what to do next */
                            message: string;
                            details?: {
                                [key: string]: unknown;
                            };
                            requestId?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Error */
        "def-0": {
            /** @description Stable dotted code, listed in docs/errors.md */
            code: string;
            /** @description What happened and what to do next */
            message: string;
            details?: {
                [key: string]: unknown;
            };
            requestId?: string;
        };
        /** User */
        "def-1": {
            /** Format: uuid */
            id: string;
            email: string;
            /** @description The user followed a link e-mailed to this address (verification or password reset) */
            emailVerified: boolean;
            name: string;
            platformRoles: string[];
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            disabled: boolean;
        };
        /** Factor */
        "def-2": {
            /** Format: uuid */
            id: string;
            /** @description totp: an authenticator app (RFC 6238); passkey: a WebAuthn credential */
            kind: "totp" | "passkey";
            name: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            lastUsedAt: string | null;
        };
        /** Org */
        "def-3": {
            /** Format: uuid */
            id: string;
            name: string;
            displayName: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            /** @description Every member must sign in with a second factor */
            requireMfa: boolean;
            /** @description The caller's org roles here */
            orgRoles: string[];
            /** @description The caller's service roles here */
            serviceRoles: string[];
        };
        /**
         * Member
         * @description Roles are shown to owners and admins only
         */
        "def-4": {
            /** Format: uuid */
            userId: string;
            email: string;
            name: string;
            disabled: boolean;
            orgRoles?: string[];
            serviceRoles?: string[];
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
        };
        /** Invitation */
        "def-5": {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            orgId: string;
            email: string;
            orgRoles: string[];
            serviceRoles: string[];
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            expiresAt: string;
            /** @description expired: the link no longer works; resend the invitation to send a new one */
            status: "pending" | "expired";
        };
        /** Service */
        "def-6": {
            id: string;
            name: string;
            description: string;
            permissions: {
                id: string;
                description: string;
            }[];
            roles: {
                name: string;
                description: string;
                permissions: string[];
            }[];
            /** @description The resource URI (RFC 8707): the `aud` of access tokens requested with resource=<this URI> */
            resource: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
        };
        /** AuditEvent */
        "def-7": {
            id: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            at: string;
            orgId: string | null;
            actor: {
                kind: string;
                id: string;
            };
            action: string;
            target: {
                kind: string;
                id: string;
            };
            ip: string | null;
            requestId: string | null;
            details: {
                [key: string]: unknown;
            };
        };
        /** ApiToken */
        "def-8": {
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: uuid */
            orgId: string;
            scopes: {
                allRoles: boolean;
                orgRoles: string[];
                serviceRoles: string[];
                permissions: string[];
            };
            openid: boolean;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            expiresAt: string | null;
            lastUsedAt: string | null;
            notifyDaysBeforeExpiry: number | null;
            /** @description What an exchange would meet now (an idle-policy violation shows at exchange) */
            state: "active" | "expired" | "deactivated" | "revoked";
            deactivatedAt: string | null;
            owner?: {
                /** Format: uuid */
                userId: string;
                email: string;
            };
        };
        /** OAuthApp */
        "def-9": {
            /** @description The client_id */
            id: string;
            /** Format: uuid */
            orgId: string;
            /** @description server: client_credentials; web: confidential, authorization_code; native: public, PKCE */
            type: "server" | "web" | "native";
            name: string;
            description: string;
            redirectUris: string[];
            postLogoutRedirectUris: string[];
            grantTypes: string[];
            scopes: {
                allRoles: boolean;
                orgRoles: string[];
                serviceRoles: string[];
                permissions: string[];
            };
            accessTokenTtl: number;
            refreshTokenTtl: number;
            requirePkce: boolean;
            /** @description Authorization requests only through /oauth/par (RFC 9126) */
            requirePar: boolean;
            /** @description true for native apps: no secret (RFC 8252 §8.4) */
            publicClient: boolean;
            /** @description client_secret_basic, client_secret_post, private_key_jwt, or none (native apps) */
            tokenEndpointAuthMethod: string;
            jwks: {
                keys: ({
                    kty: "RSA" | "EC" | "OKP";
                    kid?: string;
                    alg?: string;
                    use?: string;
                    crv?: string;
                    n?: string;
                    e?: string;
                    x?: string;
                    y?: string;
                } & {
                    [key: string]: unknown;
                })[];
            } | null;
            jwksUri: string | null;
            requireDpop: boolean;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            createdBy: string;
        };
        /** AppGrant */
        "def-10": {
            appId: string;
            appName: string;
            /** Format: uuid */
            appOwnerOrgId: string;
            orgRoles: string[];
            serviceRoles: string[];
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
        };
        /** ConsumerApp */
        "def-11": {
            /** @description The application id (OVH applicationId) */
            applicationId: number;
            /** @description The application key (AK), sent as X-Ovh-Application */
            applicationKey: string;
            name: string;
            description: string;
            /** @description Only active and trusted applications may request or use consumer keys */
            status: "active" | "blocked" | "inactive" | "trusted";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
        };
        /** ConsumerCredential */
        "def-12": {
            /** @description The credential id (OVH credentialId) */
            credentialId: number;
            /** @description The application id (OVH applicationId) */
            applicationId: number;
            /** @description The state now: a validated credential past its expiry, or a request nobody answered within 24 hours, is expired */
            status: "pendingValidation" | "validated" | "refused" | "expired";
            /** @description The method and path patterns the key may call */
            rules: {
                method: "GET" | "POST" | "PUT" | "DELETE";
                /** @description A path pattern; `*` spans any characters, e.g. /me/* */
                path: string;
            }[];
            /** @description CIDR blocks the consumer key may be used from; null: any address */
            allowedIPs: string[] | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** @description null until a user validated it */
            validatedAt: string | null;
            /** @description When it stops working (for a pending request: when its validation link lapses); null: never */
            expiresAt: string | null;
            /** @description The last signed call made with it */
            lastUsedAt: string | null;
            /** @description The user who validated or refused it; null while pending */
            grantedBy: string | null;
        };
        /** RevocationEntry */
        "def-13": {
            /** @description Grows in commit order; the SSE event id */
            position: number;
            /** @description An access token's jti (RFC 7009 revocation) */
            token?: string;
            /** @description Every access token minted from this credential */
            credential?: {
                /** @description The access token's `cred.type`, or consumer_key for an OVH consumer key */
                type: "api_token" | "client" | "grant" | "consumer_key";
                /** @description The access token's `cred.id` (a consumer key's credential id) */
                id: string;
            };
            /** @description A user's (or an app's, for client_credentials) tokens: the `sub` claim */
            subject?: string;
            /** @description With subject: only its tokens for this organization (`context_name`) */
            orgId?: string;
            /** @description Every token issued to this OAuth app (`client_id`) */
            clientId?: string;
            /** @description Refuse only tokens issued at or before this (epoch seconds, with milliseconds): the time in a UUIDv7 `jti`, else the `iat`; absent: every token */
            issuedBefore?: number;
            /** @description When the entry may be forgotten (epoch seconds): every token it refuses has expired */
            keepUntil: number;
            /** @description Why, for the refusal: `API token revoked` */
            reason: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            revokedAt: string;
        };
        /** SigningKey */
        "def-14": {
            kid: string;
            alg: "ES256" | "RS256" | "EdDSA";
            /** @description The active key signs; retired keys only verify, while published */
            state: "active" | "retired";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            retiredAt: string | null;
            /** @description A retired key stays in the JWKS until every token it signed has expired; null while active */
            publishedUntil: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
