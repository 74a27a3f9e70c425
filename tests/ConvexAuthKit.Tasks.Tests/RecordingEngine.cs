using System.Collections;
using Microsoft.Build.Framework;

namespace ConvexAuthKit.Tasks.Tests;

/// <summary>One logged event as a build would show it: its kind, code, file, line and text.</summary>
public sealed record LoggedEvent(string Kind, string? Code, string? File, int Line, string Message, MessageImportance Importance = MessageImportance.Normal);

/// <summary>
/// A build engine that records what a task logs instead of printing it (in the manner of SourceLink's MockEngine),
/// so a test can assert on codes, positions and texts. It builds no project.
/// </summary>
public sealed class RecordingEngine : IBuildEngine
{
    public List<LoggedEvent> Events { get; } = new();

    public IEnumerable<LoggedEvent> Errors => Events.Where(e => e.Kind == "error");
    public IEnumerable<LoggedEvent> Warnings => Events.Where(e => e.Kind == "warning");
    public IEnumerable<LoggedEvent> Messages => Events.Where(e => e.Kind == "message");

    public string ProjectFileOfTaskNode { get; set; } = "/repo/build/ConvexAuthKit.targets";
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;

    public void LogErrorEvent(BuildErrorEventArgs e) => Events.Add(new LoggedEvent("error", e.Code, e.File, e.LineNumber, e.Message ?? ""));
    public void LogWarningEvent(BuildWarningEventArgs e) => Events.Add(new LoggedEvent("warning", e.Code, e.File, e.LineNumber, e.Message ?? ""));
    public void LogMessageEvent(BuildMessageEventArgs e) => Events.Add(new LoggedEvent("message", e.Code, e.File, e.LineNumber, e.Message ?? "", e.Importance));
    public void LogCustomEvent(CustomBuildEventArgs e) => Events.Add(new LoggedEvent("custom", null, null, 0, e.Message ?? ""));

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("the task under test builds no other project");
}
