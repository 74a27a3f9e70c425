namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// A real <c>NAME=value</c> assignment in an env file (never a comment), with its decoded value and the
    /// 0-based range of lines it occupies (more than one for a quoted value that spans lines).
    /// </summary>
    internal sealed record EnvAssignment(string Name, string Value, bool IsExport, int FirstLine, int LastLine);
}
