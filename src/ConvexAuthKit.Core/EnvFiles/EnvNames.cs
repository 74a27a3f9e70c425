namespace ConvexAuthKit.EnvFiles
{
    /// <summary>Which variable names Node's dotenv accepts: ASCII letters, digits, '_', '.' and '-'.</summary>
    internal static class EnvNames
    {
        public static bool IsNameChar(char c)
            => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';

        public static bool IsValid(string name)
        {
            if (name.Length == 0)
                return false;
            foreach (char c in name)
            {
                if (!IsNameChar(c))
                    return false;
            }
            return true;
        }
    }
}
