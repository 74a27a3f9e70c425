using System.Collections.Generic;
using System.Linq;

namespace ConvexAuthKit.Scanning
{
    /// <summary>Phrases <see cref="AuthConfigScanResult.Reason"/>: one sentence on why the config does or does not read WORKOS_CLIENT_ID.</summary>
    internal static class ScanReason
    {
        private const string Name = EnvReadAnalyzer.WorkOSClientId;

        public static string ForRead(string displayName, EnvRead firstRead) =>
            displayName + " reads " + Name + " " + firstRead.Via + " at line " + firstRead.Line
            + (firstRead.Assumption == null ? "" : " (" + firstRead.Assumption + ")");

        /// <summary>The scan could not follow the code: says where and what it does there.</summary>
        public static string ForUndecidable(string displayName, UndecidableSpot spot) =>
            "scanning cannot tell whether " + displayName + " reads " + Name + ": at line " + spot.Line + " it " + spot.Reason;

        /// <summary>The fallback rule's answer for an undecidable scan.</summary>
        public static string ForFallback(AuthConfigScanResult scan) =>
            scan.Reason + "; " + (scan.MentionLine > 0
                ? Name + " appears at line " + scan.MentionLine + ", so it is taken as read"
                : Name + " appears nowhere outside comments, so it is taken as not read");

        /// <summary>The most telling explanation, checked from the likeliest mix-up to the plainest answer.</summary>
        public static string ForNoRead(string displayName, ModuleAnalysis analysis, LexedSource lexed, IReadOnlyList<string> envVarsRead)
        {
            var similar = envVarsRead.Where(name => name.Contains(Name)).ToList();
            if (similar.Count > 0)
                return displayName + " reads " + string.Join(", ", similar) + " but not " + Name + " itself";

            var property = lexed.Tokens.FirstOrDefault(token => token.IsIdentifier(Name));
            if (property != null)
                return displayName + " mentions " + Name + " at line " + property.Line + " only as a property of something other than process.env";

            foreach (var token in lexed.Tokens.Where(token => token.IsStringLike))
            {
                var offset = IndexOfWord(token.Text);
                if (offset >= 0)
                    return displayName + " mentions " + Name + " only in a string (line " + (token.Line + LinesBefore(token.Text, offset)) + ")";
            }

            foreach (var comment in lexed.Comments)
            {
                var offset = IndexOfWord(comment.Text);
                if (offset >= 0)
                    return displayName + " mentions " + Name + " only in a comment (line " + (comment.Line + LinesBefore(comment.Text, offset)) + ")";
            }

            if (analysis.OpaqueFactoryCalls.Count > 0)
                return displayName + " does not read " + Name + " itself; it calls " + string.Join(", ", analysis.OpaqueFactoryCalls)
                    + ", which this scan does not look into";

            return displayName + " does not read " + Name
                + (envVarsRead.Count == 0 ? " (it reads no environment variables)" : " (it reads " + string.Join(", ", envVarsRead) + ")");
        }

        /// <summary>Where the name occurs as a whole word (so MY_WORKOS_CLIENT_ID does not count), or -1.</summary>
        private static int IndexOfWord(string text)
        {
            for (var at = text.IndexOf(Name, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(Name, at + 1, System.StringComparison.Ordinal))
            {
                var end = at + Name.Length;
                if ((at == 0 || !IsWordChar(text[at - 1])) && (end == text.Length || !IsWordChar(text[end])))
                    return at;
            }
            return -1;
        }

        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

        private static int LinesBefore(string text, int offset)
        {
            var lines = 0;
            for (var i = 0; i < offset; i++)
            {
                if (text[i] == '\n')
                    lines++;
            }
            return lines;
        }
    }
}
