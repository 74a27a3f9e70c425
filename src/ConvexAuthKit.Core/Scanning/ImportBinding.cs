namespace ConvexAuthKit.Scanning
{
    /// <summary>A name a module binds from another: <c>import { env as e } from "./_generated/server"</c> gives e ← env.</summary>
    internal sealed class ImportBinding
    {
        public const string Default = "default";
        public const string Namespace = "*";

        public ImportBinding(string localName, string importedName, string specifier, int line = 0)
        {
            LocalName = localName;
            ImportedName = importedName;
            Specifier = specifier;
            Line = line;
        }

        /// <summary>1-based line of the import statement (0 when unknown).</summary>
        public int Line { get; }

        public string LocalName { get; }

        /// <summary>The exported name, or <see cref="Default"/>, or <see cref="Namespace"/> for <c>import * as</c> and a whole <c>require()</c>.</summary>
        public string ImportedName { get; }

        public string Specifier { get; }
    }
}
