using System.Text;

namespace ConvexAuthKit.PackageTests.MSBuild;

/// <summary>
/// What a terminal of a given size shows after receiving some output: a small emulator of the control sequences
/// MSBuild's terminal logger writes (cursor movement, erasing, colours, OSC hyperlinks and progress), so a test
/// asserts on the final screen, not on status lines the logger drew and erased again while the build ran.
/// The scrollback is kept (nothing is lost when the screen scrolls); a line the terminal wrapped is joined again.
/// </summary>
public sealed class TerminalScreen
{
    private readonly int _columns;
    private readonly int _rows;
    private readonly List<char[]> _lines = new();
    /// <summary>Lines that continue the previous one because the terminal wrapped it.</summary>
    private readonly HashSet<int> _continuations = new();
    private int _row;
    private int _col;
    private (int Row, int Col) _saved;

    public TerminalScreen(int columns, int rows)
    {
        _columns = columns;
        _rows = rows;
    }

    public static string Render(string output, int columns, int rows)
    {
        var screen = new TerminalScreen(columns, rows);
        screen.Write(output);
        return screen.Text();
    }

    /// <summary>The logical lines on screen (and in the scrollback), trailing blanks trimmed.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _lines.Count; i++)
        {
            if (i > 0 && !_continuations.Contains(i))
                text.Append('\n');
            var line = new string(_lines[i]).Replace('\0', ' ');
            text.Append(_continuations.Contains(i + 1) ? line : line.TrimEnd());
        }
        return text.ToString().TrimEnd() + "\n";
    }

    public void Write(string output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            switch (c)
            {
                case '\u001b':
                    i = Escape(output, i);
                    break;
                case '\r':
                    _col = 0;
                    break;
                case '\n':
                    _row++;
                    _continuations.Remove(_row);
                    break;
                case '\b':
                    _col = Math.Max(0, _col - 1);
                    break;
                case '\t':
                    _col = Math.Min(_columns - 1, (_col / 8 + 1) * 8);
                    break;
                case '\a':
                    break;
                default:
                    if (char.IsLowSurrogate(c) || c < ' ')
                        break;
                    Put(c);
                    break;
            }
        }
    }

    private void Put(char c)
    {
        if (_col >= _columns)
        {
            // Autowrap: the next character goes to the start of the next line.
            _col = 0;
            _row++;
            _continuations.Add(_row);
        }
        Line(_row)[_col] = c;
        _col++;
    }

    private char[] Line(int row)
    {
        while (_lines.Count <= row)
            _lines.Add(new string(' ', _columns).ToCharArray());
        return _lines[row];
    }

    /// <summary>The first line of the visible screen: the cursor cannot move above it.</summary>
    private int Top => Math.Max(0, Math.Max(_lines.Count, _row + 1) - _rows);

    private int Escape(string s, int start)
    {
        if (start + 1 >= s.Length)
            return start;
        var kind = s[start + 1];
        if (kind == '[')
            return Csi(s, start + 2);
        if (kind == ']')
        {
            // OSC (hyperlinks, progress): up to BEL or ESC \.
            for (var i = start + 2; i < s.Length; i++)
            {
                if (s[i] == '\a')
                    return i;
                if (s[i] == '\u001b' && i + 1 < s.Length && s[i + 1] == '\\')
                    return i + 1;
            }
            return s.Length - 1;
        }
        if (kind == '7')
            _saved = (_row, _col);
        else if (kind == '8')
            (_row, _col) = _saved;
        else if (kind is '(' or ')')
            return start + 2;
        return start + 1;
    }

    private int Csi(string s, int i)
    {
        var begin = i;
        while (i < s.Length && (s[i] < '@' || s[i] > '~'))
            i++;
        if (i >= s.Length)
            return s.Length - 1;
        var parameters = s.Substring(begin, i - begin);
        var final = s[i];
        if (parameters.StartsWith('?') || parameters.StartsWith('>') || parameters.StartsWith('='))
            return i; // private modes (cursor visibility, keypad): no effect on the text
        var numbers = parameters.Split(';').Select(p => int.TryParse(p, out var n) ? n : 0).ToArray();
        int Arg(int index, int fallback) => index < numbers.Length && numbers[index] > 0 ? numbers[index] : fallback;
        switch (final)
        {
            case 'A': _row = Math.Max(Top, _row - Arg(0, 1)); break;
            case 'B': _row += Arg(0, 1); break;
            case 'C': _col = Math.Min(_columns - 1, _col + Arg(0, 1)); break;
            case 'D': _col = Math.Max(0, Math.Min(_col, _columns - 1) - Arg(0, 1)); break;
            case 'E': _row += Arg(0, 1); _col = 0; break;
            case 'F': _row = Math.Max(Top, _row - Arg(0, 1)); _col = 0; break;
            case 'G': _col = Math.Min(_columns - 1, Arg(0, 1) - 1); break;
            case 'H':
            case 'f': _row = Top + Arg(0, 1) - 1; _col = Math.Min(_columns - 1, Arg(1, 1) - 1); break;
            case 'K': EraseInLine(numbers.Length > 0 ? numbers[0] : 0); break;
            case 'J': EraseInDisplay(numbers.Length > 0 ? numbers[0] : 0); break;
        }
        return i;
    }

    private void EraseInLine(int mode)
    {
        var line = Line(_row);
        var col = Math.Min(_col, _columns);
        var (from, to) = mode switch { 1 => (0, Math.Min(col + 1, _columns)), 2 => (0, _columns), _ => (col, _columns) };
        for (var c = from; c < to; c++)
            line[c] = ' ';
    }

    private void EraseInDisplay(int mode)
    {
        if (mode == 0)
        {
            EraseInLine(0);
            for (var r = _row + 1; r < _lines.Count; r++)
                Array.Fill(_lines[r], ' ');
            // Erased lines below the cursor are gone, not blank lines of output.
            if (_lines.Count > _row + 1)
                _lines.RemoveRange(_row + 1, _lines.Count - _row - 1);
            _continuations.RemoveWhere(r => r > _row);
        }
        else if (mode == 1)
        {
            for (var r = Top; r < _row; r++)
                Array.Fill(Line(r), ' ');
            EraseInLine(1);
        }
        else
        {
            for (var r = Top; r < _lines.Count; r++)
                Array.Fill(_lines[r], ' ');
        }
    }
}
