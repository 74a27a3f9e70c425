using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using ConvexAuthKit.Files;

namespace ConvexAuthKit.Reliability
{
    /// <summary>
    /// A plain reading of .gitignore files, for when git itself is not on PATH: blank lines and # comments, `!`
    /// negation, a trailing `/` for folders, patterns with a `/` anchored to their file's folder, `*`, `?`, `**` and
    /// `[...]`. The last matching pattern wins, and a file inside an ignored folder is ignored. It does not know
    /// which files git already tracks (only `git check-ignore` does), nor global excludes.
    /// </summary>
    internal static class GitIgnorePatterns
    {
        private sealed class Rule
        {
            public Rule(string baseDir, Regex regex, bool negated, bool folderOnly)
            {
                BaseDir = baseDir;
                Regex = regex;
                Negated = negated;
                FolderOnly = folderOnly;
            }

            public string BaseDir { get; }
            public Regex Regex { get; }
            public bool Negated { get; }
            public bool FolderOnly { get; }
        }

        public static bool IsIgnored(string repositoryRoot, string filePath)
        {
            var root = Path.GetFullPath(repositoryRoot).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var relative = Relative(root, Path.GetFullPath(filePath));
            if (relative == null)
                return false;
            var segments = relative.Split('/');

            var rules = new List<Rule>();
            AddRules(rules, Path.Combine(root, ".git", "info", "exclude"), "");
            AddRules(rules, Path.Combine(root, ".gitignore"), "");
            var dir = "";
            for (var i = 0; i < segments.Length - 1; i++)
            {
                dir = dir.Length == 0 ? segments[i] : dir + "/" + segments[i];
                // A folder that is ignored hides everything in it; git does not even read its .gitignore.
                if (Matches(rules, dir, isFolder: true))
                    return true;
                AddRules(rules, Path.Combine(root, dir.Replace('/', Path.DirectorySeparatorChar), ".gitignore"), dir);
            }
            return Matches(rules, relative, isFolder: false);
        }

        private static bool Matches(List<Rule> rules, string relativePath, bool isFolder)
        {
            var ignored = false;
            foreach (var rule in rules)
            {
                if (rule.FolderOnly && !isFolder)
                    continue;
                string within;
                if (rule.BaseDir.Length == 0)
                    within = relativePath;
                else if (relativePath.StartsWith(rule.BaseDir + "/", StringComparison.Ordinal))
                    within = relativePath.Substring(rule.BaseDir.Length + 1);
                else
                    continue;
                if (rule.Regex.IsMatch(within))
                    ignored = !rule.Negated;
            }
            return ignored;
        }

        private static void AddRules(List<Rule> rules, string gitignoreFile, string baseDir)
        {
            var text = InputFiles.ReadTextOrNull(gitignoreFile, 1024 * 1024);
            if (text == null)
                return;
            var lines = text.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None);
            foreach (var raw in lines)
            {
                // As git: only trailing spaces go, unless escaped with a backslash; leading blanks and tabs belong to the pattern.
                var line = TrimTrailingSpaces(raw);
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal))
                    continue;
                var negated = line.StartsWith("!", StringComparison.Ordinal);
                if (negated)
                    line = line.Substring(1);
                if (line.StartsWith("\\", StringComparison.Ordinal))
                    line = line.Substring(1);
                var folderOnly = line.EndsWith("/", StringComparison.Ordinal);
                line = line.TrimEnd('/');
                if (line.Length == 0)
                    continue;
                // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
                var anchored = line.IndexOf('/') >= 0;
                line = line.TrimStart('/');
                var body = GlobToRegex(line);
                var regex = anchored ? "^" + body + "$" : "^(?:.*/)?" + body + "$";
                rules.Add(new Rule(baseDir, new Regex(regex, RegexOptions.CultureInvariant), negated, folderOnly));
            }
        }

        private static string TrimTrailingSpaces(string line)
        {
            int end = line.Length;
            while (end > 0 && line[end - 1] == ' ')
                end--;
            // An odd number of backslashes before the run escapes its first space.
            int backslashes = 0;
            while (end - backslashes > 0 && line[end - backslashes - 1] == '\\')
                backslashes++;
            if (backslashes % 2 == 1 && end < line.Length)
                end++;
            return line.Substring(0, end);
        }

        private static string GlobToRegex(string glob)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
                {
                    // "**/" = any folders (or none); "/**" at the end = everything inside.
                    var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                    sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                    i += slashAfter ? 2 : 1;
                }
                else if (c == '*')
                {
                    sb.Append("[^/]*");
                }
                else if (c == '\\' && i + 1 < glob.Length)
                {
                    // A backslash makes the next character literal (an escaped space, '*', '[', ...).
                    sb.Append(Regex.Escape(glob[i + 1].ToString()));
                    i++;
                }
                else if (c == '?')
                {
                    sb.Append("[^/]");
                }
                else if (c == '[' && glob.IndexOf(']', i + 1) > i + 1)
                {
                    var end = glob.IndexOf(']', i + 1);
                    var set = glob.Substring(i + 1, end - i - 1).Replace("\\", "\\\\");
                    sb.Append('[').Append(set.StartsWith("!", StringComparison.Ordinal) ? "^" + set.Substring(1) : set).Append(']');
                    i = end;
                }
                else
                {
                    sb.Append(Regex.Escape(c.ToString()));
                }
            }
            return sb.ToString();
        }

        private static string? Relative(string root, string path)
        {
            var prefix = root + Path.DirectorySeparatorChar;
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
                return null;
            return path.Substring(prefix.Length).Replace(Path.DirectorySeparatorChar, '/');
        }
    }
}
