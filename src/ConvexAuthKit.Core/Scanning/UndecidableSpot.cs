namespace ConvexAuthKit.Scanning
{
    /// <summary>A place where the scan cannot follow the code, so it cannot say that a variable is not read.</summary>
    internal sealed class UndecidableSpot
    {
        public UndecidableSpot(int line, string reason)
        {
            Line = line;
            Reason = reason;
        }

        /// <summary>1-based line in the scanned file (for a spot inside an imported module: the import's line).</summary>
        public int Line { get; }

        /// <summary>What the code does there, phrased to follow "at line N it": "reads process.env with a key it cannot work out".</summary>
        public string Reason { get; }
    }
}
