using System.Collections.Generic;
using System.Text.Json;
using ConvexAuthKit.Diagnostics;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>
    /// Reads convex.json's <c>authKit</c> section with the rules of the CLI's schema: <c>dev</c>, <c>preview</c>
    /// and <c>prod</c> objects; <c>configure</c> is <c>false</c> or an object of string lists and a string;
    /// <c>localEnvVars</c> is <c>false</c> or an object of strings and only allowed under dev; <c>environmentType</c>
    /// is one of development/staging/production and only allowed under prod. Unknown keys are ignored, as the
    /// CLI ignores them. Beyond the CLI: every <c>${…}</c> placeholder is checked here (the CLI only finds a typo
    /// when it resolves it), and localEnvVars names must be names dotenv can read back.
    /// Every violation is a CAK0008 (an unknown placeholder: CAK0010) pointing at its line in convex.json.
    /// </summary>
    internal sealed class AuthKitConfigReader
    {
        private const string Fix = "see https://docs.convex.dev/auth/authkit/ for the authKit section's shape.";
        private static readonly string[] EnvironmentTypes = { "development", "staging", "production" };

        private readonly string _path;
        private readonly JsonPositions _positions;

        private AuthKitConfigReader(string path, JsonPositions positions)
        {
            _path = path;
            _positions = positions;
        }

        public static AuthKitConfig Read(JsonElement authKit, string path, JsonPositions positions) =>
            new AuthKitConfigReader(path, positions).ReadRoot(authKit);

        private AuthKitConfig ReadRoot(JsonElement authKit)
        {
            if (authKit.ValueKind != JsonValueKind.Object)
                throw Invalid("authKit", "must be an object with dev, preview and prod sections");
            var dev = ReadEnvironment(authKit, "dev");
            var preview = ReadEnvironment(authKit, "preview");
            var prod = ReadEnvironment(authKit, "prod");
            return new AuthKitConfig(dev, preview, prod, _positions.LineOf("authKit"));
        }

        private AuthKitEnvironmentConfig? ReadEnvironment(JsonElement authKit, string name)
        {
            if (!authKit.TryGetProperty(name, out var section))
                return null;
            var at = "authKit." + name;
            if (section.ValueKind != JsonValueKind.Object)
                throw Invalid(at, "must be an object");

            string? environmentType = null;
            if (section.TryGetProperty("environmentType", out var type))
            {
                if (type.ValueKind != JsonValueKind.String || System.Array.IndexOf(EnvironmentTypes, type.GetString()) < 0)
                    throw Invalid(at + ".environmentType", "must be \"development\", \"staging\" or \"production\"");
                if (name != "prod")
                    throw Invalid(at + ".environmentType", "is only allowed in the prod section; remove it here");
                environmentType = type.GetString();
            }

            AuthKitConfigure? configure = null;
            if (section.TryGetProperty("configure", out var c) && c.ValueKind != JsonValueKind.False)
                configure = ReadConfigure(c, at + ".configure");

            List<AuthKitLocalEnvVar>? localEnvVars = null;
            if (section.TryGetProperty("localEnvVars", out var l) && l.ValueKind != JsonValueKind.False)
            {
                if (name != "dev")
                {
                    throw Invalid(at + ".localEnvVars",
                        "is only supported for dev deployments (preview and prod deployments take their variables from the hosting platform); move it to authKit.dev");
                }
                localEnvVars = ReadLocalEnvVars(l, at + ".localEnvVars");
            }
            return new AuthKitEnvironmentConfig(name, environmentType, configure, localEnvVars, _positions.LineOf(at));
        }

        private AuthKitConfigure ReadConfigure(JsonElement configure, string at)
        {
            if (configure.ValueKind != JsonValueKind.Object)
                throw Invalid(at, "must be false or an object with redirectUris, appHomepageUrl and corsOrigins");
            var redirectUris = ReadStringList(configure, "redirectUris", at);
            AuthKitValue? homepage = null;
            if (configure.TryGetProperty("appHomepageUrl", out var h))
                homepage = ReadString(h, at + ".appHomepageUrl");
            var corsOrigins = ReadStringList(configure, "corsOrigins", at);
            return new AuthKitConfigure(redirectUris, homepage, corsOrigins);
        }

        private List<AuthKitValue> ReadStringList(JsonElement parent, string name, string at)
        {
            var list = new List<AuthKitValue>();
            if (!parent.TryGetProperty(name, out var array))
                return list;
            var path = at + "." + name;
            if (array.ValueKind != JsonValueKind.Array)
                throw Invalid(path, "must be an array of strings");
            var i = 0;
            foreach (var item in array.EnumerateArray())
                list.Add(ReadString(item, path + "[" + i++ + "]"));
            return list;
        }

        private List<AuthKitLocalEnvVar> ReadLocalEnvVars(JsonElement vars, string at)
        {
            if (vars.ValueKind != JsonValueKind.Object)
                throw Invalid(at, "must be false or an object mapping .env.local variable names to values");
            var list = new List<AuthKitLocalEnvVar>();
            foreach (var property in vars.EnumerateObject())
            {
                var path = at + "." + property.Name;
                if (!EnvNames.IsValid(property.Name))
                    throw Invalid(path, "is not a variable name .env.local can hold (use letters, digits and '_')");
                list.Add(new AuthKitLocalEnvVar(property.Name, ReadString(property.Value, path)));
            }
            return list;
        }

        private AuthKitValue ReadString(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.String)
                throw Invalid(path, "must be a string");
            var template = AuthKitTemplate.TryParse(value.GetString()!, out var unknown);
            if (template == null)
            {
                throw new ConvexAuthKitException(DiagnosticCodes.ConvexJsonTemplateUnresolved,
                    $"`{path}` in convex.json uses the unknown placeholder {unknown}; use ${{buildEnv.NAME}} for a build environment variable, or ${{authEnv.WORKOS_CLIENT_ID}}, ${{authEnv.WORKOS_API_KEY}} or ${{authEnv.WORKOS_ENVIRONMENT_ID}}.",
                    _path, _positions.LineOf(path));
            }
            return new AuthKitValue(template, path, _positions.LineOf(path));
        }

        private ConvexAuthKitException Invalid(string path, string problem) =>
            new ConvexAuthKitException(DiagnosticCodes.ConvexJsonInvalid, $"`{path}` in convex.json {problem}; {Fix}", _path, _positions.LineOf(path));
    }
}
