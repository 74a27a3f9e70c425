using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.Planning
{
    /// <summary>Something the planner has to say (a warning with its code, or a message): the planner only returns it, the run reports it.</summary>
    public sealed class PlanNote
    {
        private PlanNote(string? warningCode, Importance importance, string text, string? file)
        {
            WarningCode = warningCode;
            Importance = importance;
            Text = text;
            File = file;
        }

        public static PlanNote Warning(string code, string text, string? file = null) => new PlanNote(code, Importance.High, text, file);

        public static PlanNote Message(Importance importance, string text) => new PlanNote(null, importance, text, null);

        /// <summary>The code of a warning; null for a message.</summary>
        public string? WarningCode { get; }
        public Importance Importance { get; }
        public string Text { get; }
        public string? File { get; }

        public void ReportTo(IReporter reporter)
        {
            if (WarningCode != null)
                reporter.Warning(WarningCode, Text, File);
            else
                reporter.Message(Importance, Text);
        }
    }
}
