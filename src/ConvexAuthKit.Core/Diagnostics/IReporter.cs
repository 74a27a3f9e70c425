namespace ConvexAuthKit.Diagnostics
{
    public enum Importance { Low, Normal, High }

    /// <summary>
    /// Where the core reports what it does. The MSBuild task maps this onto its log; tests collect it.
    /// Nothing passed here may contain a secret.
    /// </summary>
    public interface IReporter
    {
        void Message(Importance importance, string text);
        void Warning(string code, string text, string? file = null, int line = 0);
        void Error(string code, string text, string? file = null, int line = 0);
    }
}
