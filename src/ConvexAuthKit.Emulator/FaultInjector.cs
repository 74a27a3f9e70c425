namespace ConvexAuthKit.Emulator;

public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.Status"/>, <see cref="FaultRule.Body"/> and <see cref="FaultRule.Headers"/>.</summary>
    Status,
    /// <summary>Never answer, until the client gives up or the emulator is disposed.</summary>
    Hang,
    /// <summary>Send the headers and part of the body, then abort the connection.</summary>
    Drop,
    /// <summary>Wait <see cref="FaultRule.Delay"/>, then answer normally.</summary>
    Delay,
    /// <summary>
    /// Answer <see cref="FaultRule.Status"/> (default 200) with a JSON-looking body that goes on for
    /// <see cref="FaultRule.BodyBytes"/> bytes, or until the client goes away when that is null. Chunked, unless
    /// <see cref="FaultRule.DeclaredLength"/> sets a Content-Length (which may promise more than is sent).
    /// </summary>
    Flood,
}

/// <summary>
/// Makes matching requests misbehave. A rule matches on service, method and path (exact or prefix; the query is ignored).
/// </summary>
public sealed class FaultRule
{
    /// <summary>"bigbrain", "workos", "deployment:&lt;name&gt;", "deployment" (any deployment), or null for any service.</summary>
    public string? Service { get; init; }
    /// <summary>Exact request path, e.g. "/api/v1/list_environment_variables".</summary>
    public string? Path { get; init; }
    public string? PathPrefix { get; init; }
    /// <summary>HTTP method, or null for any.</summary>
    public string? Method { get; init; }
    public FaultKind Kind { get; init; } = FaultKind.Status;
    /// <summary>Status for <see cref="FaultKind.Status"/> (default 500) and the headers of <see cref="FaultKind.Drop"/> (default 200).</summary>
    public int? Status { get; init; }
    /// <summary>Response body; a Convex-style <c>{"code":"InjectedFault",...}</c> when null.</summary>
    public string? Body { get; init; }
    /// <summary>Extra response headers, e.g. <c>["Retry-After"] = "1"</c>.</summary>
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeSpan Delay { get; init; }
    /// <summary>For <see cref="FaultKind.Flood"/>: how many body bytes to send; null means without end.</summary>
    public long? BodyBytes { get; init; }
    /// <summary>For <see cref="FaultKind.Flood"/>: the Content-Length header to send; null sends the body chunked.</summary>
    public long? DeclaredLength { get; init; }
    /// <summary>How many matching requests to affect; null means every one.</summary>
    public int? Times { get; init; }

    internal bool Matches(string service, string method, string path)
    {
        if (Service is not null && Service != service && !(Service == "deployment" && service.StartsWith("deployment:", StringComparison.Ordinal)))
            return false;
        if (Method is not null && !Method.Equals(method, StringComparison.OrdinalIgnoreCase)) return false;
        if (Path is not null && Path != path) return false;
        return PathPrefix is null || path.StartsWith(PathPrefix, StringComparison.Ordinal);
    }
}

/// <summary>The active fault rules; the first matching rule with uses left applies.</summary>
public sealed class FaultInjector
{
    private readonly object _sync = new();
    private readonly List<FaultRule> _rules = [];
    private readonly Dictionary<FaultRule, int> _hits = new(ReferenceEqualityComparer.Instance);

    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_sync)
        {
            _rules.Add(rule);
            _hits[rule] = 0;
        }
        return rule;
    }

    public bool Remove(FaultRule rule)
    {
        lock (_sync)
        {
            _hits.Remove(rule);
            return _rules.Remove(rule);
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _rules.Clear();
            _hits.Clear();
        }
    }

    /// <summary>How many requests the rule has affected so far.</summary>
    public int Hits(FaultRule rule)
    {
        lock (_sync) return _hits.GetValueOrDefault(rule);
    }

    /// <summary>Finds the rule for this request and uses it up by one.</summary>
    internal FaultRule? Take(string service, string method, string path)
    {
        lock (_sync)
        {
            foreach (var rule in _rules)
            {
                var hits = _hits[rule];
                if ((rule.Times is { } times && hits >= times) || !rule.Matches(service, method, path)) continue;
                _hits[rule] = hits + 1;
                return rule;
            }
            return null;
        }
    }
}
