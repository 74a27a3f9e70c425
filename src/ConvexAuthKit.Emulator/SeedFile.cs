using System.Text.Json;

namespace ConvexAuthKit.Emulator;

/// <summary>
/// <c>--seed seed.json</c>: the <see cref="EmulatorOptions"/> lists in camelCase JSON. A list present in the file
/// replaces the default one; a list left out keeps its default.
/// </summary>
/// <example>{"teams":[{"id":101,"slug":"acme","hasWorkOSTeam":false,"projects":[{"id":201,"slug":"my-app"}]}]}</example>
internal static class SeedFile
{
    private sealed class Seed
    {
        public List<EmulatedTeam>? Teams { get; init; }
        public List<EmulatedDeployment>? Deployments { get; init; }
        public List<string>? AccessTokens { get; init; }
        public List<string>? MemberEmails { get; init; }
        public List<string>? ExistingWorkOSAccountEmails { get; init; }
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static EmulatorOptions Load(string path) => Parse(File.ReadAllText(path));

    public static EmulatorOptions Parse(string json)
    {
        var seed = JsonSerializer.Deserialize<Seed>(json, Options) ?? throw new JsonException("The seed file is empty.");
        var options = EmulatorOptions.Default();
        Replace(options.Teams, seed.Teams);
        Replace(options.Deployments, seed.Deployments);
        Replace(options.AccessTokens, seed.AccessTokens);
        Replace(options.MemberEmails, seed.MemberEmails);
        Replace(options.ExistingWorkOSAccountEmails, seed.ExistingWorkOSAccountEmails);
        return options;
    }

    private static void Replace<T>(List<T> target, List<T>? source)
    {
        if (source is null) return;
        target.Clear();
        target.AddRange(source);
    }
}
