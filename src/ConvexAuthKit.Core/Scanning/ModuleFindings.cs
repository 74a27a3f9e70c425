using System.Collections.Generic;

namespace ConvexAuthKit.Scanning
{
    /// <summary>
    /// What <see cref="EnvReadFinder"/> and <see cref="PackageCalls"/> turn up in one module: the reads, the places the
    /// scan cannot follow, the calls into packages it cannot see into, and whether process.env is handed on whole.
    /// </summary>
    internal sealed class ModuleFindings
    {
        // Only the first spots are ever shown; a file with thousands adds nothing but work.
        private const int MaxUndecidableSpots = 100;

        private readonly List<EnvRead> _reads = new List<EnvRead>();
        private readonly List<UndecidableSpot> _undecidable = new List<UndecidableSpot>();
        private readonly List<string> _opaqueFactoryCalls = new List<string>();

        /// <summary>In source order; names may repeat.</summary>
        public IReadOnlyList<EnvRead> Reads => _reads;

        /// <summary>In the order found (the first <see cref="MaxUndecidableSpots"/>).</summary>
        public IReadOnlyList<UndecidableSpot> Undecidable => _undecidable;

        public IReadOnlyList<string> OpaqueFactoryCalls => _opaqueFactoryCalls;

        /// <summary>process.env itself is handed to other code.</summary>
        public bool PassesWholeEnvironment { get; set; }

        public void AddRead(string name, int line, string via, string? assumption = null) =>
            _reads.Add(new EnvRead(name, line, via, assumption));

        public void AddUndecidable(int line, string reason)
        {
            if (_undecidable.Count < MaxUndecidableSpots)
                _undecidable.Add(new UndecidableSpot(line, reason));
        }

        /// <summary>Adds a call into a package once; false when it was already noted.</summary>
        public bool AddOpaqueFactoryCall(string call)
        {
            if (_opaqueFactoryCalls.Contains(call))
                return false;
            _opaqueFactoryCalls.Add(call);
            return true;
        }
    }
}
