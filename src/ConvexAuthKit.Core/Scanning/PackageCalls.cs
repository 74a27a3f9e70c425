namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// Code of packages, which the scan does not read: <c>@convex-dev/workos-authkit</c>'s AuthKit, known to read
    /// WORKOS_CLIENT_ID itself, and calls into any other package (or a dynamic import) the scan cannot see into.
    /// </summary>
    internal static class PackageCalls
    {
        /// <summary>
        /// <c>new AuthKit(…)</c> and <c>x.getAuthConfigProviders()</c> from <c>@convex-dev/workos-authkit</c>:
        /// the component reads WORKOS_CLIENT_ID itself.
        /// </summary>
        public static void ReadWorkOSAuthKit(ModuleDeclarations module, ModuleFindings findings, int index)
        {
            var tokens = module.Tokens;
            var imports = module.Imports.Imports;
            var token = tokens[index]!;
            if (token.IsIdentifier("new") && tokens.IsIdentifier(index + 1)
                && imports.TryGetValue(tokens[index + 1]!.Text, out var constructed)
                && constructed.Kind == ImportKind.WorkOSAuthKit && constructed.Binding.ImportedName == "AuthKit")
            {
                findings.AddRead(EnvReadAnalyzer.WorkOSClientId, token.Line, "by constructing AuthKit from " + ModuleSpecifier.WorkOSAuthKitPackage);
                return;
            }

            if (!token.IsIdentifier("getAuthConfigProviders") || !tokens.IsPropertyName(index) || !tokens.IsPunctuator(index + 1, "("))
                return;
            var receiver = tokens.IsPunctuator(index - 2, "!") ? index - 3 : index - 2;
            if (!tokens.IsIdentifier(receiver) || tokens.IsPropertyName(receiver) || !imports.TryGetValue(tokens[receiver]!.Text, out var import))
                return;
            if (import.Kind == ImportKind.WorkOSAuthKit)
                findings.AddRead(EnvReadAnalyzer.WorkOSClientId, token.Line, "through " + ModuleSpecifier.WorkOSAuthKitPackage + "'s getAuthConfigProviders()");
            else if (import.Kind == ImportKind.UnreadableModule)
                findings.AddRead(EnvReadAnalyzer.WorkOSClientId, token.Line, "through `" + import.Binding.LocalName + ".getAuthConfigProviders()`",
                    import.Binding.Specifier + " could not be read; getAuthConfigProviders() is the method of "
                    + ModuleSpecifier.WorkOSAuthKitPackage + "'s AuthKit, which reads it");
        }

        /// <summary>
        /// Code the scan cannot see into: a call or construction of something from a package (other than Convex's
        /// own), a dynamic <c>import()</c>, a <c>require()</c> that is not a plain binding.
        /// </summary>
        public static void NoteOpaqueCode(ModuleDeclarations module, ModuleFindings findings, int index)
        {
            var tokens = module.Tokens;
            var token = tokens[index]!;
            if (token.Kind != TokenKind.Identifier || tokens.IsPropertyName(index))
                return;
            if ((token.Text == "import" || token.Text == "require") && tokens.IsPunctuator(index + 1, "("))
            {
                var what = token.Text == "import" ? "a dynamic import()" : "a require() call";
                findings.AddUndecidable(token.Line, "loads code through " + what + " that this scan does not follow");
                return;
            }
            if (!module.Imports.Imports.TryGetValue(token.Text, out var import) || import.Kind != ImportKind.Package || import.IsKnownPackage)
                return;
            // f(…), new F(…), ns.f(…)
            var member = tokens.IsPunctuator(index + 1, ".") && tokens.IsIdentifier(index + 2) ? index + 2 : index;
            var isCall = tokens.IsPunctuator(member + 1, "(") || tokens.IsIdentifier(index - 1, "new");
            if (!isCall)
                return;
            var call = (member == index ? token.Text : token.Text + "." + tokens[member]!.Text) + "() from " + import.Binding.Specifier;
            if (findings.AddOpaqueFactoryCall(call))
                findings.AddUndecidable(token.Line, "calls " + call + ", which this scan does not look into");
        }
    }
}
