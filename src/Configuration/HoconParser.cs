using System.Globalization;
using System.Text;

namespace PoseCluster.Configuration;

/// <summary>
/// Recursive-descent parser for one HOCON source. Fields are assigned straight into a
/// <see cref="HoconDocument"/>, so a later source merges over (and can refer back to) earlier ones.
/// </summary>
internal sealed class HoconParser
{
    // Characters that end an unquoted string or key (HOCON spec, "Unquoted strings"), except '+',
    // which is allowed inside values (1e+5) and only matters in front of '='.
    private const string Forbidden = "$\"{}[]:=,#`^?!@*&\\";

    private readonly HoconDocument _document;
    private readonly string _text;
    private readonly string _file;
    private readonly string? _directory;
    private readonly IReadOnlyList<string> _substitutionPrefix;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    public HoconParser(HoconDocument document, string text, string file, string? directory, IReadOnlyList<string> substitutionPrefix)
    {
        _document = document;
        _text = text;
        _file = file;
        _directory = directory;
        _substitutionPrefix = substitutionPrefix;
    }

    /// <summary>Parses the whole source as the body of <paramref name="target"/>, whose absolute path is given.</summary>
    public void ParseInto(HoconObjectNode target, IReadOnlyList<string> targetPath)
    {
        SkipBlank();
        if (Peek() == '{')
        {
            var open = Here();
            Advance();
            ParseFields(target, targetPath, open);
            Expect('}', "'}' to close the root object");
            SkipBlank();
        }
        else
        {
            ParseFields(target, targetPath, null);
        }

        if (!AtEnd)
        {
            throw Here().Error($"expected end of input, found {Describe(Peek())}");
        }
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private HoconOrigin Here() => new(_file, _line, _column);

    private void Advance()
    {
        if (_text[_pos] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _pos++;
    }

    private void Advance(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Advance();
        }
    }

    private bool LookingAt(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private static bool IsInlineWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private bool AtComment => Peek() == '#' || (Peek() == '/' && Peek(1) == '/');

    private void SkipComment()
    {
        while (!AtEnd && Peek() != '\n')
        {
            Advance();
        }
    }

    private string ReadInlineWhitespace()
    {
        var start = _pos;
        while (!AtEnd && IsInlineWhitespace(Peek()))
        {
            Advance();
        }

        return _text[start.._pos];
    }

    /// <summary>Skips whitespace, newlines and comments.</summary>
    private void SkipBlank()
    {
        while (!AtEnd)
        {
            if (char.IsWhiteSpace(Peek()) || Peek() == '\uFEFF')
            {
                Advance();
            }
            else if (AtComment)
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipInlineBlankAndComment()
    {
        ReadInlineWhitespace();
        if (AtComment)
        {
            SkipComment();
        }
    }

    private void Expect(char c, string what)
    {
        if (Peek() != c || AtEnd)
        {
            throw Here().Error($"expected {what}, found {Describe(Peek())}");
        }

        Advance();
    }

    private string Describe(char c) => AtEnd ? "end of input" : c switch
    {
        '\n' => "end of line",
        _ => $"'{c}'",
    };

    private void ParseFields(HoconObjectNode target, IReadOnlyList<string>? targetPath, HoconOrigin? openBrace)
    {
        while (true)
        {
            SkipBlank();
            if (AtEnd)
            {
                if (openBrace is { } open)
                {
                    throw Here().Error($"unterminated object: expected '}}' to close the '{{' at {open.Line}:{open.Column}");
                }

                return;
            }

            if (Peek() == '}')
            {
                if (openBrace is null)
                {
                    throw Here().Error("unexpected '}' with no object open");
                }

                return;
            }

            if (Peek() == ',')
            {
                throw Here().Error("expected a key, found ','");
            }

            var key = IsInclude() ? ParseInclude(target, targetPath) : ParseField(target, targetPath);

            SkipInlineBlankAndComment();
            if (Peek() == ',' && !AtEnd)
            {
                Advance();
            }
            else if (!AtEnd && Peek() != '\n' && Peek() != '}')
            {
                throw Here().Error($"expected ',' or a new line after '{key}', found {Describe(Peek())}");
            }
        }
    }

    private bool IsInclude()
    {
        if (!LookingAt("include") || !IsInlineWhitespace(Peek(7)))
        {
            return false;
        }

        var p = _pos + 7;
        while (p < _text.Length && IsInlineWhitespace(_text[p]))
        {
            p++;
        }

        return p < _text.Length && (_text[p] == '"' || string.CompareOrdinal(_text, p, "required(", 0, 9) == 0
            || string.CompareOrdinal(_text, p, "file(", 0, 5) == 0 || string.CompareOrdinal(_text, p, "url(", 0, 4) == 0
            || string.CompareOrdinal(_text, p, "classpath(", 0, 10) == 0);
    }

    private string ParseInclude(HoconObjectNode target, IReadOnlyList<string>? targetPath)
    {
        var origin = Here();
        if (!_document.IncludesAllowed)
        {
            throw origin.Error("include is not allowed here (this text may not read files)");
        }

        Advance(7);
        ReadInlineWhitespace();
        var required = false;
        var closers = 0;
        if (LookingAt("required("))
        {
            required = true;
            Advance(9);
            closers++;
            ReadInlineWhitespace();
        }

        if (LookingAt("url(") || LookingAt("classpath("))
        {
            throw Here().Error("only file includes are supported: use include \"file\" or include file(\"file\")");
        }

        if (LookingAt("file("))
        {
            Advance(5);
            closers++;
            ReadInlineWhitespace();
        }

        if (Peek() != '"')
        {
            throw Here().Error($"expected a quoted file name after include, found {Describe(Peek())}");
        }

        var name = ParseQuotedString();
        for (var i = 0; i < closers; i++)
        {
            ReadInlineWhitespace();
            Expect(')', "')' to close the include");
        }

        var path = Path.IsPathRooted(name) ? name : Path.GetFullPath(Path.Combine(_directory ?? Directory.GetCurrentDirectory(), name));
        if (!File.Exists(path))
        {
            if (required)
            {
                throw origin.Error($"required include '{name}' not found (looked for {path})");
            }

            return "include";
        }

        // Substitutions in an included file are relative to where it is included.
        var prefix = targetPath ?? [];
        _document.Include(path, target, prefix, origin);
        return "include";
    }

    private string ParseField(HoconObjectNode target, IReadOnlyList<string>? targetPath)
    {
        var origin = Here();
        var key = ParseKey();
        var keyText = HoconPath.Render(key);
        ReadInlineWhitespace();
        var append = false;
        if (Peek() == '{')
        {
            // "key { ... }": no separator needed before an object.
        }
        else if (Peek() is ':' or '=')
        {
            Advance();
        }
        else if (Peek() == '+' && Peek(1) == '=')
        {
            Advance(2);
            append = true;
        }
        else
        {
            throw Here().Error($"expected ':', '=', '+=' or '{{' after key '{keyText}', found {Describe(Peek())}");
        }

        ReadInlineWhitespace();
        var absolute = targetPath is null ? null : targetPath.Concat(key).ToArray();
        var value = ParseValue(absolute, $"a value for '{keyText}'");

        if (append)
        {
            // a += b  is  a = ${?a} [b]
            var self = new HoconSubstitutionNode(origin, absolute ?? (IReadOnlyList<string>)key, optional: true);
            value = new HoconConcatNode(origin, [self, new HoconArrayNode(value.Origin, [value])]);
        }

        if (absolute is not null)
        {
            value = ReplaceSelfReferences(value, absolute, target, key);
        }

        HoconDocument.Assign(target, key, value);
        return keyText;
    }

    /// <summary>
    /// Replaces substitutions of the field's own path with the value the field had before this
    /// assignment, so that <c>path = ${path} [x]</c> appends instead of looping.
    /// </summary>
    private HoconNode ReplaceSelfReferences(HoconNode value, IReadOnlyList<string> absolute, HoconObjectNode target, IReadOnlyList<string> key)
    {
        switch (value)
        {
            case HoconSubstitutionNode s when s.Path.SequenceEqual(absolute):
                var prior = HoconDocument.Find(target, key) ?? _document.Find(absolute);
                return new HoconPriorValueNode(s.Origin, s, prior);
            case HoconConcatNode c:
                for (var i = 0; i < c.Parts.Count; i++)
                {
                    c.Parts[i] = ReplaceSelfReferences(c.Parts[i], absolute, target, key);
                }

                return c;
            case HoconArrayNode a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    a.Items[i] = ReplaceSelfReferences(a.Items[i], absolute, target, key);
                }

                return a;
            default:
                return value;
        }
    }

    private List<string> ParseKey()
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var any = false;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '"')
            {
                if (LookingAt("\"\"\""))
                {
                    throw Here().Error("triple-quoted strings cannot be keys");
                }

                current.Append(ParseQuotedString());
                any = true;
            }
            else if (c == '.')
            {
                if (!any)
                {
                    throw Here().Error("expected a key segment before '.'");
                }

                segments.Add(current.ToString());
                current.Clear();
                any = false;
                Advance();
            }
            else if (c == '+' && Peek(1) == '=')
            {
                break;
            }
            else if (char.IsWhiteSpace(c) || Forbidden.Contains(c) || (c == '/' && Peek(1) == '/'))
            {
                break;
            }
            else
            {
                current.Append(c);
                any = true;
                Advance();
            }
        }

        if (!any)
        {
            throw Here().Error(segments.Count == 0 ? $"expected a key, found {Describe(Peek())}" : "expected a key segment after '.'");
        }

        segments.Add(current.ToString());
        return segments;
    }

    private bool AtValueEnd => AtEnd || Peek() is '\n' or ',' or '}' or ']' || AtComment;

    /// <summary>Parses a value, which may be a concatenation of several parts on one line.</summary>
    private HoconNode ParseValue(IReadOnlyList<string>? absolute, string what)
    {
        var origin = Here();
        var parts = new List<HoconNode>();
        while (true)
        {
            var wsOrigin = Here();
            var ws = ReadInlineWhitespace();
            if (AtValueEnd)
            {
                break;
            }

            if (parts.Count > 0 && ws.Length > 0)
            {
                parts.Add(new HoconWhitespace(wsOrigin, ws));
            }

            parts.Add(ParseValuePart(absolute));
        }

        if (parts.Count == 0)
        {
            throw Here().Error($"expected {what}, found {Describe(Peek())}");
        }

        if (parts.Count == 1)
        {
            return parts[0] is HoconScalarNode { Kind: HoconScalarKind.String, Quoted: false } unquoted
                ? Classify(unquoted)
                : parts[0];
        }

        return new HoconConcatNode(origin, parts);
    }

    private static HoconScalarNode Classify(HoconScalarNode unquoted)
    {
        var text = unquoted.Text;
        var kind = text switch
        {
            "true" or "false" => HoconScalarKind.Boolean,
            "null" => HoconScalarKind.Null,
            _ when IsNumber(text) => HoconScalarKind.Number,
            _ => HoconScalarKind.String,
        };
        return kind == HoconScalarKind.String ? unquoted : new HoconScalarNode(unquoted.Origin, kind, text);
    }

    /// <summary>A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    internal static bool IsNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        var intStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == intStart || (text[intStart] == '0' && i - intStart > 1))
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            var fracStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == fracStart)
            {
                return false;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            var expStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == expStart)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private HoconNode ParseValuePart(IReadOnlyList<string>? absolute)
    {
        var origin = Here();
        var c = Peek();
        if (c == '"')
        {
            return LookingAt("\"\"\"")
                ? new HoconScalarNode(origin, HoconScalarKind.String, ParseTripleQuotedString(), quoted: true)
                : new HoconScalarNode(origin, HoconScalarKind.String, ParseQuotedString(), quoted: true);
        }

        if (c == '$' && Peek(1) == '{')
        {
            return ParseSubstitution();
        }

        if (c == '{')
        {
            Advance();
            var obj = new HoconObjectNode(origin);
            ParseFields(obj, absolute, origin);
            Advance();
            return obj;
        }

        if (c == '[')
        {
            return ParseArray();
        }

        var start = _pos;
        while (!AtEnd)
        {
            var ch = Peek();
            if (char.IsWhiteSpace(ch) || Forbidden.Contains(ch) || (ch == '/' && Peek(1) == '/') || (ch == '+' && Peek(1) == '='))
            {
                break;
            }

            Advance();
        }

        if (_pos == start)
        {
            throw Here().Error($"unexpected {Describe(c)} in a value (quote strings that contain it)");
        }

        return new HoconScalarNode(origin, HoconScalarKind.String, _text[start.._pos]);
    }

    private HoconArrayNode ParseArray()
    {
        var open = Here();
        Advance();
        var items = new List<HoconNode>();
        while (true)
        {
            SkipBlank();
            if (AtEnd)
            {
                throw Here().Error($"unterminated array: expected ']' to close the '[' at {open.Line}:{open.Column}");
            }

            if (Peek() == ']')
            {
                Advance();
                return new HoconArrayNode(open, items);
            }

            items.Add(ParseValue(null, "an array element"));
            SkipInlineBlankAndComment();
            if (Peek() == ',' && !AtEnd)
            {
                Advance();
            }
            else if (!AtEnd && Peek() != '\n' && Peek() != ']')
            {
                throw Here().Error($"expected ',' or ']' in array, found {Describe(Peek())}");
            }
        }
    }

    private HoconSubstitutionNode ParseSubstitution()
    {
        var origin = Here();
        Advance(2);
        ReadInlineWhitespace();
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance();
        }

        ReadInlineWhitespace();
        if (AtEnd || Peek() == '}')
        {
            throw Here().Error("expected a path inside ${...}");
        }

        var path = ParseKey();
        ReadInlineWhitespace();
        if (AtEnd || Peek() != '}')
        {
            throw Here().Error($"expected '}}' to close the substitution opened at {origin.Line}:{origin.Column}, found {Describe(Peek())}");
        }

        Advance();
        IReadOnlyList<string> full = _substitutionPrefix.Count == 0 ? path : [.. _substitutionPrefix, .. path];
        return new HoconSubstitutionNode(origin, full, optional);
    }

    private string ParseQuotedString()
    {
        var open = Here();
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n')
            {
                throw Here().Error($"unterminated string: expected '\"' to close the string opened at {open.Line}:{open.Column}");
            }

            var c = Peek();
            if (c == '"')
            {
                Advance();
                return sb.ToString();
            }

            if (c == '\\')
            {
                var escape = Here();
                Advance();
                if (AtEnd)
                {
                    throw Here().Error("unterminated string: input ends after '\\'");
                }

                var e = Peek();
                Advance();
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length || !ushort.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw escape.Error("expected four hex digits after '\\u'");
                        }

                        sb.Append((char)code);
                        Advance(4);
                        break;
                    default:
                        throw escape.Error($"unknown escape '\\{e}' in string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }

                continue;
            }

            if (char.IsControl(c) && c != '\t')
            {
                throw Here().Error($"control character U+{(int)c:X4} in a quoted string must be escaped");
            }

            sb.Append(c);
            Advance();
        }
    }

    private string ParseTripleQuotedString()
    {
        var open = Here();
        Advance(3);
        var start = _pos;
        var end = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (end < 0)
        {
            Advance(_text.Length - _pos);
            throw Here().Error($"unterminated triple-quoted string: expected '\"\"\"' to close the one opened at {open.Line}:{open.Column}");
        }

        // Quotes right before the closing """ belong to the string (""""a"""" is "a").
        while (end + 3 < _text.Length && _text[end + 3] == '"')
        {
            end++;
        }

        Advance(end - _pos + 3);
        return _text[start..end];
    }
}
