using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Tests.Provisioning;

public sealed record Report(string Kind, string? Code, string Text, string? File, int Line);

/// <summary>Keeps every report of a run so tests can assert on codes, files and lines.</summary>
public sealed class CollectingReporter : IReporter
{
    private readonly List<Report> _reports = new();

    public IReadOnlyList<Report> Reports { get { lock (_reports) return _reports.ToList(); } }
    public IEnumerable<Report> Errors => Reports.Where(r => r.Kind == "error");
    public IEnumerable<Report> Warnings => Reports.Where(r => r.Kind == "warning");
    public string AllText => string.Join("\n", Reports.Select(r => $"{r.Kind} {r.Code} {r.Text} {r.File}:{r.Line}"));

    public void Message(Importance importance, string text) => Add(new Report("message:" + importance, null, text, null, 0));
    public void Warning(string code, string text, string? file = null, int line = 0) => Add(new Report("warning", code, text, file, line));
    public void Error(string code, string text, string? file = null, int line = 0) => Add(new Report("error", code, text, file, line));

    private void Add(Report report) { lock (_reports) _reports.Add(report); }
}
