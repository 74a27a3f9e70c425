using System;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Writes the line for <c>NAME=value</c>. The value is written raw, as the Convex CLI does, whenever dotenv
    /// reads it back unchanged (true of client ids, keys, URLs and generated passwords). A value that raw
    /// writing would corrupt (a '#', surrounding blanks…) is quoted instead, with the first quote style that reads
    /// back exactly; the CLI would write it raw and lose part of it.
    /// Some values are never written (CAK0013): anything holding a line break as dotenv or another reader of the
    /// file sees one (CR, LF, U+2028, U+2029, NEL), another control character, or text that is not valid UTF-16,
    /// and any value no quoting lets dotenv read back unchanged. Quoting could carry a line break past dotenv, but
    /// shells, Docker's --env-file and line-based tools would read the next line as an assignment of its own.
    /// </summary>
    internal static class EnvAssignmentFormatter
    {
        /// <summary>
        /// Whether <c>NAME=value</c> can be written as one line that dotenv reads back as exactly that assignment;
        /// if not, <paramref name="reason"/> says why, without quoting the value (it may be a secret).
        /// </summary>
        public static bool CanWrite(string name, string value, out string? reason)
        {
            if (!EnvNames.IsValid(name) || name == DotEnvParser.DroppedName)
            {
                reason = $"'{name}' is not a name dotenv reads back (letters, digits, '_', '.', '-'; never __proto__)";
                return false;
            }
            reason = UnwritableCharacter(value);
            if (reason == null && TryFormat(name, value, isExport: false) == null)
                reason = "mixes quotes, '#' and surrounding blanks in a way no quoting lets dotenv read back unchanged";
            return reason == null;
        }

        /// <summary>Whether <paramref name="comment"/> is one line starting with '#' that cannot end early or hold an escape sequence.</summary>
        public static bool CanWriteComment(string comment, out string? reason)
        {
            reason = UnwritableCharacter(comment);
            if (reason == null && !JsWhitespace.Trim(comment).StartsWith("#", StringComparison.Ordinal))
                reason = "does not start with '#'";
            return reason == null;
        }

        /// <summary>
        /// CAK0013 at <paramref name="sourceFile"/>/<paramref name="sourceLine"/> (where the value comes from) when
        /// <see cref="CanWrite"/> refuses <c>NAME=value</c> for <paramref name="targetFile"/>.
        /// </summary>
        public static void ThrowIfCannotWrite(string name, string value, string targetFile, string? sourceFile = null, int sourceLine = 0)
        {
            if (!CanWrite(name, value, out var reason))
                throw Unwritable(name, reason!, targetFile, sourceFile, sourceLine);
        }

        /// <summary>
        /// CAK0013 when <paramref name="value"/> could not be written under any name; <paramref name="what"/> names
        /// it in the message (for a value whose variable name is not decided yet, such as the seed mode redirect URI).
        /// </summary>
        public static void ThrowIfCannotWriteValue(string what, string value, string targetFile)
        {
            if (!CanWrite("X", value, out var reason))
            {
                throw new ConvexAuthKitException(DiagnosticCodes.EnvValueUnwritable,
                    $"The {what} cannot be written to {targetFile}: it {reason}. Change the value where it comes from.");
            }
        }

        public static string Format(string name, string value, bool isExport, string? targetFile = null)
        {
            if (!CanWrite(name, value, out var reason))
                throw Unwritable(name, reason!, targetFile ?? "the env file", targetFile, 0);
            return TryFormat(name, value, isExport)!;
        }

        private static ConvexAuthKitException Unwritable(string name, string reason, string targetFile, string? file, int line)
            => new ConvexAuthKitException(DiagnosticCodes.EnvValueUnwritable,
                $"The value for {name} was not written to {targetFile}: it {reason}. Change the value where it comes from.", file, line);

        private static string? TryFormat(string name, string value, bool isExport)
        {
            string prefix = (isExport ? "export " : "") + name + "=";
            foreach (string candidate in new[] { value, "'" + value + "'", "`" + value + "`", "\"" + value + "\"" })
            {
                string line = prefix + candidate;
                if (ReadsBackAs(line, name, value))
                    return line;
            }
            return null;
        }

        /// <summary>The reason a character of <paramref name="text"/> may not be written, or null.</summary>
        internal static string? UnwritableCharacter(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n' || c == '\r')
                    return "contains a line break (CR or LF), which would start a new line in the file";
                if (c == '\u2028' || c == '\u2029' || c == '\u0085')
                    return $"contains U+{(int)c:X4}, which dotenv or other readers of the file take as a line break";
                if ((c < ' ' && c != '\t') || (c >= '\u007F' && c <= '\u009F'))
                    return $"contains the control character U+{(int)c:X4}";
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                if (char.IsSurrogate(c))
                    return "is not valid Unicode text (it holds half of a surrogate pair)";
            }
            return null;
        }

        private static bool ReadsBackAs(string line, string name, string value)
        {
            try
            {
                var assignments = DotEnvParser.ParseAssignments(EnvTextLine.Split(line), filePath: null);
                return assignments.Count == 1 && assignments[0].Name == name && assignments[0].Value == value;
            }
            catch (ConvexAuthKitException)
            {
                return false;
            }
        }
    }
}
