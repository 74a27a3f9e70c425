using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// An env file (typically <c>.env.local</c>) held as lines and edited the way the Convex CLI edits it, minus
    /// its bugs: only the exact variable's assignment is touched, <c>export NAME=</c> lines are kept as exports,
    /// appended lines use the file's own line break, and names inside comments are never taken for assignments.
    /// Everything else, including a BOM, stays byte for byte as the user wrote it.
    /// </summary>
    public sealed class EnvFileDocument
    {
        private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };

        private readonly bool _hasBom;
        private List<EnvTextLine> _lines;
        private IReadOnlyList<EnvAssignment> _assignments;
        private string _savedText;

        private EnvFileDocument(string? path, bool exists, string text, bool hasBom)
        {
            Path = path;
            Exists = exists;
            _hasBom = hasBom;
            _lines = EnvTextLine.Split(text);
            _assignments = DotEnvParser.ParseAssignments(_lines, path);
            Text = text;
            _savedText = text;
        }

        /// <summary>
        /// Reads the file at <paramref name="path"/>. A missing file gives an empty document whose
        /// <see cref="Exists"/> is false. Throws CAK0004 for a folder, a file over 1 MiB, text that is not UTF-8,
        /// or a line dotenv cannot read.
        /// </summary>
        public static EnvFileDocument Load(string path)
        {
            var content = EnvFileReader.Read(path);
            return new EnvFileDocument(path, content.Exists, content.Text, content.HasBom);
        }

        /// <summary>A document over <paramref name="text"/>; <paramref name="path"/> is where <see cref="Save"/> writes.</summary>
        public static EnvFileDocument FromText(string text, string? path = null) => new EnvFileDocument(path, exists: false, text, hasBom: false);

        public string? Path { get; }

        /// <summary>Whether the file was on disk when loaded (or has been saved since).</summary>
        public bool Exists { get; private set; }

        /// <summary>The current text, edits included (without the BOM, which <see cref="Save"/> writes back).</summary>
        public string Text { get; private set; }

        public bool IsModified => !string.Equals(Text, _savedText, StringComparison.Ordinal);

        /// <summary>
        /// The value dotenv reads for <paramref name="name"/>, or null when no real assignment (plain or
        /// <c>export</c>) exists. When a name is assigned twice, Node's dotenv keeps the later value, and so do we.
        /// </summary>
        public string? GetValue(string name) => FindEffective(name)?.Value;

        /// <summary>Whether the file really assigns <paramref name="name"/>; a mention in a comment does not count.</summary>
        public bool HasAssignment(string name) => FindEffective(name) != null;

        /// <summary>
        /// Gives <paramref name="name"/> the value <paramref name="value"/>, changing as little as possible:
        /// <list type="bullet">
        /// <item>same value already there: nothing changes (<see cref="EnvEdit.Unchanged"/>);</item>
        /// <item>another value: the lines of the effective (last) assignment become one <c>NAME=value</c> line, or
        /// <c>export NAME=value</c> for an export line; no other line moves (<see cref="EnvEdit.Replaced"/>);</item>
        /// <item>not assigned: a blank line (two line breaks if the text does not end with one), then
        /// <paramref name="commentLine"/> if given, then <c>NAME=value</c>, each ending with the file's line break;
        /// an empty document starts directly with the comment or assignment (<see cref="EnvEdit.Appended"/>).</item>
        /// </list>
        /// The value is written raw unless that would change what dotenv reads (see <see cref="EnvAssignmentFormatter"/>).
        /// A value or comment that cannot be one line dotenv reads back unchanged (a line break, U+2028, a control
        /// character...) is CAK0013 and changes nothing.
        /// </summary>
        public EnvEdit Set(string name, string value, string? commentLine = null)
        {
            if (!EnvNames.IsValid(name))
                throw new ArgumentException($"'{name}' is not a variable name dotenv accepts (letters, digits, '_', '.', '-').", nameof(name));
            if (commentLine != null && !JsWhitespace.Trim(commentLine).StartsWith("#", StringComparison.Ordinal))
                throw new ArgumentException("The comment must be a single line starting with '#'.", nameof(commentLine));

            // The last line of defence: a value or comment that could end its line early (and so inject another
            // assignment) is refused with a code, whoever passed it in. Callers check what they can before any request.
            var existing = FindEffective(name);
            if (existing != null && existing.Value == value)
                return EnvEdit.Unchanged;
            string target = Path ?? "the env file";
            EnvAssignmentFormatter.ThrowIfCannotWrite(name, value, target, Path);
            if (existing == null && commentLine != null && !EnvAssignmentFormatter.CanWriteComment(commentLine, out var commentProblem))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.EnvValueUnwritable,
                    $"The comment above {name} was not written to {target}: it {commentProblem}.", Path);
            }

            var edited = new List<EnvTextLine>(_lines);
            if (existing != null)
            {
                string terminator = edited[existing.LastLine].Terminator;
                edited.RemoveRange(existing.FirstLine, existing.LastLine - existing.FirstLine + 1);
                edited.Insert(existing.FirstLine, new EnvTextLine(EnvAssignmentFormatter.Format(name, value, existing.IsExport, Path), terminator));
            }
            else
            {
                Append(edited, name, value, commentLine);
            }
            Commit(edited, name, value);
            return existing != null ? EnvEdit.Replaced : EnvEdit.Appended;
        }

        /// <summary>
        /// Writes the edits back to <see cref="Path"/> atomically, keeping the file's permissions and BOM.
        /// Returns false, touching nothing, when there is nothing to write. Throws CAK0005 when the file is
        /// read-only or cannot be replaced; the file is then left as it was.
        /// </summary>
        public bool Save()
        {
            if (!IsModified)
                return false;
            if (Path == null)
                throw new InvalidOperationException("This document has no path to save to; create it with a path.");

            ThrowIfChangedOnDisk(Path);
            byte[] text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Text);
            AtomicFileWriter.Write(Path, _hasBom ? Utf8Bom.Concat(text).ToArray() : text);
            _savedText = Text;
            Exists = true;
            return true;
        }

        /// <summary>
        /// Throws CAK0005 now if <see cref="Save"/> would have to refuse a read-only file, so a caller can find out
        /// before it changes anything elsewhere (the provisioner calls this before its first request).
        /// </summary>
        public void EnsureWritable()
        {
            if (Path != null)
                AtomicFileWriter.ThrowIfReadOnly(Path);
        }

        /// <summary>
        /// CAK0005 when the file on disk is no longer what was loaded (or last saved): another program (an editor,
        /// `npx convex dev`) wrote it meanwhile, and replacing it would lose that program's lines.
        /// </summary>
        private void ThrowIfChangedOnDisk(string path)
        {
            EnvFileContent? onDisk;
            try
            {
                onDisk = EnvFileReader.Read(path);
            }
            catch (ConvexAuthKitException)
            {
                // No longer a readable env file (a folder took its place, it grew past 1 MiB, ...): changed too.
                onDisk = null;
            }
            if (onDisk == null || onDisk.Exists != Exists || onDisk.HasBom != _hasBom || !string.Equals(onDisk.Text, _savedText, StringComparison.Ordinal))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.EnvFileUnwritable,
                    $"{path} was changed by another program while the build was running, so it was left as it is; build again.",
                    path);
            }
        }

        private EnvAssignment? FindEffective(string name) => _assignments.LastOrDefault(a => a.Name == name);

        private static void Append(List<EnvTextLine> lines, string name, string value, string? commentLine)
        {
            string lineBreak = LineBreakOf(lines);
            if (lines.Count > 0)
            {
                var last = lines[lines.Count - 1];
                if (last.Terminator.Length == 0)
                    lines[lines.Count - 1] = new EnvTextLine(last.Content, lineBreak);
                lines.Add(new EnvTextLine("", lineBreak));
            }
            if (commentLine != null)
                lines.Add(new EnvTextLine(commentLine, lineBreak));
            lines.Add(new EnvTextLine(EnvAssignmentFormatter.Format(name, value, isExport: false), lineBreak));
        }

        // The file's line break is the first one it uses; a file without any gets LF, like the CLI writes.
        private static string LineBreakOf(List<EnvTextLine> lines)
            => lines.Select(line => line.Terminator).FirstOrDefault(terminator => terminator.Length > 0) ?? "\n";

        /// <summary>
        /// Takes the edited lines only if dotenv now reads <paramref name="name"/> as <paramref name="value"/> and
        /// every other variable exactly as before. That can fail when an unclosed quote earlier in the file would
        /// swallow the new lines; the document is then left unchanged.
        /// </summary>
        private void Commit(List<EnvTextLine> edited, string name, string value)
        {
            IReadOnlyList<EnvAssignment>? reparsed = null;
            try
            {
                reparsed = DotEnvParser.ParseAssignments(edited, Path);
            }
            catch (ConvexAuthKitException)
            {
                // Reported below as a whole.
            }

            if (reparsed == null || !ReadsAsBeforeExcept(reparsed, name, value))
            {
                string file = Path ?? "the env file";
                throw new ConvexAuthKitException(
                    DiagnosticCodes.EnvFileInvalid,
                    $"Writing {name} to {file} would change how dotenv reads the rest of the file, most likely because of an unclosed quote or a U+2028/U+2029 line separator; close or remove that quote (or put the assignments sharing that line on lines of their own) and build again.",
                    Path);
            }
            _lines = edited;
            _assignments = reparsed;
            Text = string.Concat(edited.Select(line => line.Content + line.Terminator));
        }

        private bool ReadsAsBeforeExcept(IReadOnlyList<EnvAssignment> reparsed, string name, string value)
        {
            var before = Effective(_assignments);
            var after = Effective(reparsed);
            if (!after.TryGetValue(name, out var written) || written != value)
                return false;
            before.Remove(name);
            after.Remove(name);
            return before.Count == after.Count && before.All(pair => after.TryGetValue(pair.Key, out var v) && v == pair.Value);
        }

        private static Dictionary<string, string> Effective(IReadOnlyList<EnvAssignment> assignments)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var assignment in assignments)
                values[assignment.Name] = assignment.Value;
            return values;
        }
    }
}
