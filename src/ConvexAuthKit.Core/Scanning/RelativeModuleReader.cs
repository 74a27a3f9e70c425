using System;
using System.Collections.Generic;
using System.IO;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Reads the module a relative import specifier names, the way a TypeScript bundler finds it: the exact file,
    /// then with a script extension, then a ".ts" file behind a ".js" specifier (ESM-style TypeScript), then an index file.
    /// </summary>
    internal sealed class RelativeModuleReader
    {
        private static readonly string[] Extensions = { ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs" };

        private readonly string _baseDirectory;
        private readonly List<string> _filesRead = new List<string>();

        public RelativeModuleReader(string baseDirectory)
        {
            _baseDirectory = baseDirectory;
        }

        /// <summary>Full paths of the modules read so far, in the order read.</summary>
        public IReadOnlyList<string> FilesRead => _filesRead;

        /// <summary>The module's text, or null when no readable file matches.</summary>
        public string? Read(string specifier)
        {
            string basePath;
            try
            {
                basePath = Path.GetFullPath(Path.Combine(_baseDirectory, specifier));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return null;
            }

            foreach (var candidate in Candidates(basePath))
            {
                if (!InputFiles.Exists(candidate))
                    continue;
                var text = AuthConfigSourceText.TryReadFile(candidate);
                if (text != null)
                    _filesRead.Add(candidate);
                return text;
            }
            return null;
        }

        private static IEnumerable<string> Candidates(string basePath)
        {
            if (Array.IndexOf(Extensions, Path.GetExtension(basePath)) >= 0)
                yield return basePath;
            var withoutExtension = basePath.Substring(0, basePath.Length - Path.GetExtension(basePath).Length);
            switch (Path.GetExtension(basePath))
            {
                case ".js":
                    yield return withoutExtension + ".ts";
                    yield return withoutExtension + ".tsx";
                    break;
                case ".mjs":
                    yield return withoutExtension + ".mts";
                    break;
                case ".cjs":
                    yield return withoutExtension + ".cts";
                    break;
            }
            foreach (var extension in Extensions)
                yield return basePath + extension;
            foreach (var extension in Extensions)
                yield return Path.Combine(basePath, "index" + extension);
        }
    }
}
