import { authkitMiddleware } from "@workos-inc/authkit-nextjs";

// Reads WORKOS_CLIENT_ID, WORKOS_API_KEY, WORKOS_COOKIE_PASSWORD and NEXT_PUBLIC_WORKOS_REDIRECT_URI from .env.local.
export default authkitMiddleware();

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
