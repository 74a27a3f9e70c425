using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace ConvexAuthKit.ConvexProject
{
    /// <summary>
    /// The 1-based line of every property and array element in a JSON text, keyed by its path
    /// (<c>authKit.dev.localEnvVars.VITE_WORKOS_CLIENT_ID</c>, <c>authKit.dev.configure.redirectUris[1]</c>).
    /// JsonDocument keeps no positions, so diagnostics that point into convex.json look the line up here.
    /// A property's line is the line of its name; an element's line is where its value starts.
    /// </summary>
    internal sealed class JsonPositions
    {
        private readonly Dictionary<string, int> _lines = new Dictionary<string, int>(StringComparer.Ordinal);

        private JsonPositions()
        {
        }

        /// <summary>The line of <paramref name="path"/>, else of its nearest ancestor that has one, else 0.</summary>
        public int LineOf(string path)
        {
            var current = path;
            while (current.Length > 0)
            {
                if (_lines.TryGetValue(current, out var line))
                    return line;
                current = Parent(current);
            }
            return 0;
        }

        /// <summary>Positions for <paramref name="json"/>; an empty map when the text does not parse (the caller reports that).</summary>
        public static JsonPositions Of(string json)
        {
            var positions = new JsonPositions();
            var bytes = Encoding.UTF8.GetBytes(json);
            var lineStarts = LineStarts(bytes);
            try
            {
                positions.Walk(bytes, lineStarts);
            }
            catch (JsonException)
            {
                // Whatever was read before the error is kept; the parse error itself is reported elsewhere.
            }
            return positions;
        }

        private void Walk(byte[] bytes, List<int> lineStarts)
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            // One frame per open container: its path, whether it is an array, and the next element index.
            var frames = new Stack<Frame>();
            string? pendingProperty = null;
            while (reader.Read())
            {
                var line = LineAt(lineStarts, (int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var parent = frames.Count == 0 ? "" : frames.Peek().Path;
                        pendingProperty = Join(parent, reader.GetString() ?? "");
                        if (!_lines.ContainsKey(pendingProperty))
                            _lines[pendingProperty] = line;
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = ValuePath(frames, ref pendingProperty, line);
                        frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (frames.Count > 0)
                            frames.Pop();
                        break;
                    default:
                        ValuePath(frames, ref pendingProperty, line);
                        break;
                }
            }
        }

        /// <summary>The path of the value starting here: the pending property's, or the next element of the enclosing array.</summary>
        private string ValuePath(Stack<Frame> frames, ref string? pendingProperty, int line)
        {
            if (frames.Count > 0 && frames.Peek().IsArray)
            {
                var array = frames.Peek();
                var element = array.Path + "[" + array.NextIndex++ + "]";
                if (!_lines.ContainsKey(element))
                    _lines[element] = line;
                return element;
            }
            var path = pendingProperty ?? "";
            pendingProperty = null;
            return path;
        }

        private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

        private static string Parent(string path)
        {
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            return cut <= 0 ? "" : path.Substring(0, cut);
        }

        private static List<int> LineStarts(byte[] bytes)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                    starts.Add(i + 1);
            }
            return starts;
        }

        private static int LineAt(List<int> lineStarts, int offset)
        {
            var index = lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        private sealed class Frame
        {
            public Frame(string path, bool isArray)
            {
                Path = path;
                IsArray = isArray;
            }

            public string Path { get; }
            public bool IsArray { get; }
            public int NextIndex { get; set; }
        }
    }
}
