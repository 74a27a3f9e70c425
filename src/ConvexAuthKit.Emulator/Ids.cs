using System.Security.Cryptography;

namespace ConvexAuthKit.Emulator;

/// <summary>Random identifiers and secrets in the formats the real services use.</summary>
internal static class Ids
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    public static string Alnum(int length) => RandomNumberGenerator.GetString(Alphanumeric, length);

    /// <summary>A ULID (26 Crockford base32 chars: 48-bit millisecond time + 80 random bits), as WorkOS ids carry.</summary>
    public static string Ulid()
    {
        var time = (UInt128)(ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() & ((UInt128.One << 48) - 1);
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        UInt128 value = time << 80;
        for (var i = 0; i < random.Length; i++)
            value |= (UInt128)random[i] << (8 * (9 - i));

        // 26 chars * 5 bits = 130 bits; the top two are always zero.
        Span<char> chars = stackalloc char[26];
        for (var i = 0; i < 26; i++)
            chars[i] = Crockford[(int)((value >> (125 - 5 * i)) & 31)];
        return new string(chars);
    }
}
