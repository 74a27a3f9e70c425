namespace ConvexAuthKit.Scanning
{
    /// <summary>One environment variable read found in a module.</summary>
    internal sealed class EnvRead
    {
        public EnvRead(string name, int line, string via, string? assumption = null)
        {
            Name = name;
            Line = line;
            Via = via;
            Assumption = assumption;
        }

        public string Name { get; }

        /// <summary>1-based line in the scanned file (for a read inside an imported module: the line that uses the import).</summary>
        public int Line { get; }

        /// <summary>How it is read, phrased to follow "reads X": "through process.env", "by destructuring process.env", ….</summary>
        public string Via { get; }

        /// <summary>Set when the read is inferred from code out of sight: what was assumed, and why.</summary>
        public string? Assumption { get; }
    }
}
