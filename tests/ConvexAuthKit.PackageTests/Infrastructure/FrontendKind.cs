namespace ConvexAuthKit.PackageTests.Infrastructure;

public enum FrontendKind { Vite, NextJs, TanStackStart }

/// <summary>The files a real frontend of each kind has, as far as ConvexAuthKit looks at them.</summary>
public static class Frontends
{
    public const string CanonicalAuthConfig =
        "const clientId = process.env.WORKOS_CLIENT_ID;\n" +
        "\n" +
        "const authConfig = {\n" +
        "  providers: [\n" +
        "    {\n" +
        "      type: \"customJwt\",\n" +
        "      issuer: \"https://api.workos.com/\",\n" +
        "      algorithm: \"RS256\",\n" +
        "      applicationID: clientId,\n" +
        "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n" +
        "    },\n" +
        "    {\n" +
        "      type: \"customJwt\",\n" +
        "      issuer: `https://api.workos.com/user_management/${clientId}`,\n" +
        "      algorithm: \"RS256\",\n" +
        "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n" +
        "    },\n" +
        "  ],\n" +
        "};\n" +
        "\n" +
        "export default authConfig;\n";

    public static string PackageJson(FrontendKind kind) => kind switch
    {
        FrontendKind.Vite => """
            {
              "name": "clientapp",
              "private": true,
              "type": "module",
              "scripts": { "dev": "vite" },
              "dependencies": { "@workos-inc/authkit-react": "^0.13.0", "convex": "^1.30.0", "react": "^19.1.0", "react-dom": "^19.1.0" },
              "devDependencies": { "@vitejs/plugin-react": "^5.0.0", "vite": "^7.1.0" }
            }
            """,
        FrontendKind.NextJs => """
            {
              "name": "web",
              "private": true,
              "scripts": { "dev": "next dev" },
              "dependencies": { "@workos-inc/authkit-nextjs": "^2.5.0", "convex": "^1.30.0", "next": "15.5.0", "react": "^19.1.0", "react-dom": "^19.1.0" }
            }
            """,
        FrontendKind.TanStackStart => """
            {
              "name": "start",
              "private": true,
              "type": "module",
              "dependencies": { "@tanstack/react-start": "^1.130.0", "@workos-inc/authkit-tanstack-react-start": "^0.1.0", "convex": "^1.30.0", "react": "^19.1.0" },
              "devDependencies": { "vite": "^7.1.0" }
            }
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>.env.local as `npx convex dev` leaves it after choosing a deployment.</summary>
    public static string InitialEnvLocal(FrontendKind kind, string deployment) =>
        $"# Deployment used by `npx convex dev`\nCONVEX_DEPLOYMENT=dev:{deployment} # team: acme, project: my-app\n\n" +
        (kind == FrontendKind.NextJs ? "NEXT_PUBLIC_CONVEX_URL" : "VITE_CONVEX_URL") + $"=https://{deployment}.convex.cloud\n";
}
