using System.Runtime.InteropServices;
using System.Text;

namespace Viv.Accounts;

/// <summary>
/// Unicode's own security data (UTS #39, Unicode Security Mechanisms) and character properties,
/// read through ICU: the library .NET itself needs on Linux for everything Unicode, so it is always
/// there, and Unicode's script and confusable data comes with it instead of a table of Viv's own.
/// ICU's symbols carry its major version (<c>uspoof_open_72</c>), so the newest installed libicu is
/// found by probing, as .NET finds it.
/// </summary>
internal static unsafe class UnicodeSecurity
{
    /// <summary>What ICU's spoof checker found in one word (its USPOOF_* check bits).</summary>
    [Flags]
    public enum Findings
    {
        None = 0,
        /// <summary>Letters from scripts that may not mix, such as Latin with Cyrillic or Greek.</summary>
        MixedScripts = 0x10,
        /// <summary>The same mark twice on one letter.</summary>
        RepeatedMark = 0x20,
        /// <summary>Digits from more than one number system.</summary>
        MixedNumbers = 0x80,
        /// <summary>A dot above a letter that already has one, as in i̇.</summary>
        HiddenOverlay = 0x100,
    }

    private const int DefaultIgnorableCodePoint = 5;
    private const int Emoji = 57;
    /// <summary>
    /// One script, or Latin with the scripts written beside it in Chinese, Japanese and Korean
    /// (UTS #39 section 5.2): the level UTS #39 recommends for identifiers people read.
    /// </summary>
    private const int HighlyRestrictive = 0x30000000;

    private static readonly Icu Library = Icu.Load();

    /// <summary>Unicode's Default_Ignorable_Code_Point: drawn as nothing at all when a font has no glyph for it.</summary>
    public static bool IsDefaultIgnorable(Rune rune) => Library.HasBinaryProperty(rune.Value, DefaultIgnorableCodePoint) != 0;

    public static bool IsEmoji(Rune rune) => Library.HasBinaryProperty(rune.Value, Emoji) != 0;

    public static Findings Check(string word)
    {
        var status = 0;
        int found;
        fixed (char* text = word)
        {
            found = Library.Check(Library.Checker, text, word.Length, null, &status);
        }
        Icu.ThrowOnFailure(status, "uspoof_check2");
        return (Findings)found;
    }

    private sealed class Icu
    {
        public readonly delegate* unmanaged<int, int, sbyte> HasBinaryProperty;
        public readonly delegate* unmanaged<void*, char*, int, void*, int*, int> Check;
        public readonly void* Checker;

        private Icu(nint common, nint i18n, string suffix)
        {
            nint Export(nint library, string name) =>
                NativeLibrary.TryGetExport(library, name + suffix, out var address) ? address : NativeLibrary.GetExport(library, name);

            HasBinaryProperty = (delegate* unmanaged<int, int, sbyte>)Export(common, "u_hasBinaryProperty");
            Check = (delegate* unmanaged<void*, char*, int, void*, int*, int>)Export(i18n, "uspoof_check2");
            var open = (delegate* unmanaged<int*, void*>)Export(i18n, "uspoof_open");
            var setChecks = (delegate* unmanaged<void*, int, int*, void>)Export(i18n, "uspoof_setChecks");
            var setRestrictionLevel = (delegate* unmanaged<void*, int, void>)Export(i18n, "uspoof_setRestrictionLevel");

            // One checker for the process: once configured, ICU allows checks from many threads at once.
            var status = 0;
            Checker = open(&status);
            ThrowOnFailure(status, "uspoof_open");
            setChecks(Checker, (int)(Findings.MixedScripts | Findings.RepeatedMark | Findings.MixedNumbers | Findings.HiddenOverlay), &status);
            ThrowOnFailure(status, "uspoof_setChecks");
            setRestrictionLevel(Checker, HighlyRestrictive);
        }

        public static Icu Load()
        {
            for (var version = 99; version >= 50; version--)
            {
                if (NativeLibrary.TryLoad($"libicuuc.so.{version}", out var common) && NativeLibrary.TryLoad($"libicui18n.so.{version}", out var i18n))
                {
                    return new Icu(common, i18n, $"_{version}");
                }
            }
            throw new DllNotFoundException("Viv checks names with ICU: install libicu (Debian: libicu72 or newer).");
        }

        /// <summary>ICU reports failures as positive codes, warnings as negative ones.</summary>
        public static void ThrowOnFailure(int status, string call)
        {
            if (status > 0)
            {
                throw new InvalidOperationException($"ICU {call} failed with error {status}.");
            }
        }
    }
}
