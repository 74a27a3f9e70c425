import { handleAuth } from "@workos-inc/authkit-nextjs";

// The redirect URI ConvexAuthKit registered with WorkOS: http://localhost:3000/callback.
export const GET = handleAuth();
