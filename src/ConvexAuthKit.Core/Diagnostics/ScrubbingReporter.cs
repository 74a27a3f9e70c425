namespace ConvexAuthKit.Diagnostics
{
    /// <summary>Masks every secret the run has seen in whatever it passes on (defence in depth).</summary>
    public sealed class ScrubbingReporter : IReporter
    {
        private readonly IReporter _inner;
        private readonly ITextScrubber _scrubber;

        public ScrubbingReporter(IReporter inner, ITextScrubber scrubber)
        {
            _inner = inner;
            _scrubber = scrubber;
        }

        public void Message(Importance importance, string text) => _inner.Message(importance, _scrubber.Scrub(text));
        public void Warning(string code, string text, string? file = null, int line = 0) => _inner.Warning(code, _scrubber.Scrub(text), file, line);
        public void Error(string code, string text, string? file = null, int line = 0) => _inner.Error(code, _scrubber.Scrub(text), file, line);
    }
}
