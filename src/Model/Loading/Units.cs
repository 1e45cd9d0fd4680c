using System.Globalization;

namespace Composer.Model.Loading;

/// <summary>Durations (Go syntax: 1h2m3.5s, 500ms, 10us) and byte sizes (512m, 1gb, 100k).</summary>
public static class Units
{
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0) return false;
        var neg = false;
        if (s[0] is '-' or '+') { neg = s[0] == '-'; s = s[1..]; }
        if (s == "0") return true;
        if (s.Length == 0) return false;
        // Plain number: seconds (compose accepts an integer number of seconds in some places).
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && char.IsAsciiDigit(s[^1]))
        {
            if (secs > 1e9) return false;
            value = TimeSpan.FromSeconds(neg ? -secs : secs);
            return true;
        }
        double totalTicks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var num)) return false;
            var us = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            double unitTicks = s[us..i] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMillisecond / 1000.0,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (unitTicks < 0) return false;
            totalTicks += num * unitTicks;
            if (totalTicks > TimeSpan.MaxValue.Ticks / 2) return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(neg ? -totalTicks : totalTicks));
        return true;
    }

    /// <summary>
    /// The window of pull_policy every_&lt;window&gt;: whole numbers with w, d, h, m or s (every_1w2d,
    /// every_12h, every_90m), the units the Compose schema allows there; the total must be positive.
    /// </summary>
    public static bool TryParseRefreshWindow(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (start == i || i == text.Length || i - start > 9) return false;
            var count = long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            TimeSpan? unit = text[i++] switch
            {
                'w' => TimeSpan.FromDays(7),
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => null,
            };
            if (unit is null) return false;
            value += unit.Value * count;
        }
        return value > TimeSpan.Zero;
    }

    /// <summary>Formats like Go's time.Duration.String (1m30s, 1h2m3.5s, 500ms).</summary>
    public static string FormatDuration(TimeSpan t)
    {
        if (t == TimeSpan.Zero) return "0s";
        var neg = t < TimeSpan.Zero;
        if (neg) t = t.Negate();
        string r;
        if (t < TimeSpan.FromSeconds(1))
        {
            var ms = t.Ticks / (double)TimeSpan.TicksPerMillisecond;
            r = ms >= 1 ? ms.ToString("0.###", CultureInfo.InvariantCulture) + "ms" : (t.Ticks / 10.0).ToString("0.###", CultureInfo.InvariantCulture) + "µs";
        }
        else
        {
            var h = (long)t.TotalHours;
            var m = t.Minutes;
            var sec = (t.Ticks % TimeSpan.TicksPerMinute) / (double)TimeSpan.TicksPerSecond;
            r = (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + sec.ToString("0.#######", CultureInfo.InvariantCulture) + "s";
        }
        return neg ? "-" + r : r;
    }

    /// <summary>Parses byte sizes: 1024, 512k, 512kb, 64m, 1.5g, 2GiB (binary multiples, as docker does).</summary>
    public static bool TryParseBytes(string text, out long value)
    {
        value = 0;
        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0) return false;
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !double.TryParse(s.AsSpan(0, i), NumberStyles.Float, CultureInfo.InvariantCulture, out var num)) return false;
        var unit = s[i..].Trim();
        double mult = unit switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1024d,
            "m" or "mb" or "mib" => 1024d * 1024,
            "g" or "gb" or "gib" => 1024d * 1024 * 1024,
            "t" or "tb" or "tib" => 1024d * 1024 * 1024 * 1024,
            "p" or "pb" or "pib" => 1024d * 1024 * 1024 * 1024 * 1024,
            _ => -1,
        };
        if (mult < 0) return false;
        var v = num * mult;
        if (v > long.MaxValue / 2) return false;
        value = (long)v;
        return true;
    }
}
