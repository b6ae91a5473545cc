using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Viv.VideoMessages;

/// <summary>What a recorded message is, read from its own bytes: never from its name or the type it claims.</summary>
/// <param name="ContentType">What it is served as: <c>video/webm</c>, <c>audio/webm</c>, <c>video/mp4</c> or <c>audio/mp4</c>.</param>
/// <param name="Duration">From its last frame's time (WebM) or its header (MP4): what a recorder wrote, not what it says elsewhere.</param>
/// <param name="Content">The file as it is kept: a WebM recorder leaves out the duration, which a player needs to seek, so it is written in.</param>
public sealed record MediaFacts(string ContentType, TimeSpan Duration, bool HasVideo, byte[] Content);

/// <summary>
/// Reads WebM/Matroska (EBML) and MP4 (ISO BMFF) far enough to say what a file is: its container, the
/// codecs of its tracks (only those browsers record and play), and its duration. Anything else, a
/// file cut short or one that claims more than it holds, is not a message.
/// </summary>
public static class MediaFile
{
    private static readonly HashSet<string> WebmCodecs = ["V_VP8", "V_VP9", "V_AV1", "V_MPEG4/ISO/AVC", "A_OPUS", "A_VORBIS"];
    private static readonly HashSet<string> Mp4Codecs = ["avc1", "avc3", "hvc1", "hev1", "vp09", "av01", "mp4a", "Opus"];

    public static MediaFacts? Read(byte[] file)
    {
        try
        {
            return file.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(file) == Ebml.Header ? Webm.Read(file)
                : file.Length >= 8 && file.AsSpan(4, 4).SequenceEqual("ftyp"u8) ? Mp4.Read(file)
                : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            // A size or offset that points outside the file: a file cut short, or one made to mislead.
            return null;
        }
    }

    /// <summary>EBML: elements of an id and a size, both variable-length integers; masters hold elements.</summary>
    private static class Ebml
    {
        public const uint Header = 0x1A45DFA3;
        public const long Unknown = -1;

        /// <summary>An id keeps its length marker (0x1A45DFA3); a size loses it, and all ones means "unknown".</summary>
        public static (long Value, int Length) Vint(ReadOnlySpan<byte> data, int at, bool keepMarker)
        {
            if (at >= data.Length || data[at] == 0)
            {
                throw new FormatException("Not a variable-length integer.");
            }
            var length = BitOperations.LeadingZeroCount(data[at]) - 23;
            if (at + length > data.Length || keepMarker && length > 4)
            {
                throw new FormatException("A variable-length integer past the end.");
            }
            long value = keepMarker ? data[at] : data[at] & (0xFF >> length);
            var allOnes = value == 0xFF >> length;
            for (var i = 1; i < length; i++)
            {
                value = value << 8 | data[at + i];
                allOnes &= data[at + i] == 0xFF;
            }
            return (!keepMarker && allOnes ? Unknown : value, length);
        }

        public static ulong UInt(ReadOnlySpan<byte> data) =>
            data.Length > 8 ? throw new FormatException("An integer of more than 8 bytes.") : data.ToArray().Aggregate(0UL, (value, b) => value << 8 | b);
    }

    private static class Webm
    {
        private const uint DocType = 0x4282, Segment = 0x18538067, Info = 0x1549A966, TimecodeScale = 0x2AD7B1, Duration = 0x4489,
            Tracks = 0x1654AE6B, TrackEntry = 0xAE, TrackType = 0x83, CodecId = 0x86, Cluster = 0x1F43B675, Timecode = 0xE7,
            SimpleBlock = 0xA3, BlockGroup = 0xA0, Block = 0xA1, SeekHead = 0x114D9B74;

        /// <summary>Elements that only a segment holds: one of them ends a cluster of unknown size.</summary>
        private static readonly HashSet<long> SegmentLevel = [Cluster, Info, Tracks, SeekHead, 0x1C53BB6B, 0x1254C367, 0x1043A770, 0x1941A469];

        public static MediaFacts? Read(byte[] file)
        {
            var (headerSize, headerStart) = Element(file, 0, out var id);
            if (headerSize == Ebml.Unknown || headerStart + headerSize > file.Length)
            {
                return null;
            }
            var header = file.AsSpan(headerStart, checked((int)headerSize));
            string? docType = null;
            foreach (var c in Children(header))
            {
                docType = c.Id == DocType ? Encoding.ASCII.GetString(header.Slice(c.Start, c.Size)).TrimEnd('\0') : docType;
            }
            if (docType is not ("webm" or "matroska"))
            {
                return null;
            }
            var segmentAt = headerStart + (int)headerSize;
            var (segmentSize, segmentStart) = Element(file, segmentAt, out id);
            if (id != Segment)
            {
                return null;
            }
            var segmentEnd = segmentSize == Ebml.Unknown ? file.Length : checked(segmentStart + (int)segmentSize);
            if (segmentEnd > file.Length)
            {
                return null;
            }
            ulong scale = 1_000_000;
            (int At, int End)? info = null;
            bool hasDuration = false, hasSeekHead = false, video = false, audio = false;
            long lastFrame = -1;
            var codecsKnown = true;
            for (var at = segmentStart; at < segmentEnd;)
            {
                var (size, start) = Element(file, at, out id);
                var end = size == Ebml.Unknown ? UnknownEnd(file, start, segmentEnd) : checked(start + (int)size);
                if (end > segmentEnd)
                {
                    // A recorder stopped mid-cluster: its last frames are cut, the rest plays.
                    end = id == Cluster ? segmentEnd : throw new FormatException("An element past the end.");
                }
                var body = file.AsSpan(start, end - start);
                switch (id)
                {
                    case Info:
                        info = (at, end);
                        foreach (var c in Children(body))
                        {
                            scale = c.Id == TimecodeScale ? Ebml.UInt(body.Slice(c.Start, c.Size)) : scale;
                            hasDuration |= c.Id == Duration;
                        }
                        break;
                    case Tracks:
                        foreach (var track in Children(body).Where(c => c.Id == TrackEntry))
                        {
                            var entry = body.Slice(track.Start, track.Size);
                            (ulong type, string? codec) = (0, null);
                            foreach (var f in Children(entry))
                            {
                                type = f.Id == TrackType ? Ebml.UInt(entry.Slice(f.Start, f.Size)) : type;
                                codec = f.Id == CodecId ? Encoding.ASCII.GetString(entry.Slice(f.Start, f.Size)).TrimEnd('\0') : codec;
                            }
                            codecsKnown &= codec is not null && WebmCodecs.Contains(codec);
                            video |= type == 1;
                            audio |= type == 2;
                        }
                        break;
                    case Cluster:
                        lastFrame = Math.Max(lastFrame, LastFrame(body));
                        break;
                    case SeekHead:
                        hasSeekHead = true;
                        break;
                }
                at = end;
            }
            if (!codecsKnown || !(video || audio) || lastFrame < 0 || scale == 0)
            {
                return null;
            }
            var duration = TimeSpan.FromTicks((long)((ulong)lastFrame * scale / 100));
            var content = hasDuration || hasSeekHead || info is null ? file : WithDuration(file, info.Value, lastFrame, segmentAt, segmentSize);
            return new MediaFacts(video ? "video/webm" : "audio/webm", duration, video, content);
        }

        /// <summary>The last frame's time in a cluster, in timecode units: its timecode plus its blocks' offsets.</summary>
        private static long LastFrame(ReadOnlySpan<byte> cluster)
        {
            long timecode = 0, last = -1;
            foreach (var c in Children(cluster))
            {
                var body = cluster.Slice(c.Start, c.Size);
                if (c.Id == Timecode)
                {
                    timecode = (long)Ebml.UInt(body);
                }
                else if (c.Id == SimpleBlock)
                {
                    last = Math.Max(last, timecode + Offset(body));
                }
                else if (c.Id == BlockGroup)
                {
                    foreach (var b in Children(body))
                    {
                        last = b.Id == Block ? Math.Max(last, timecode + Offset(body.Slice(b.Start, b.Size))) : last;
                    }
                }
            }
            return last;
        }

        /// <summary>A block's time relative to its cluster: a signed 16-bit number after its track number.</summary>
        private static short Offset(ReadOnlySpan<byte> block)
        {
            var track = Ebml.Vint(block, 0, keepMarker: false);
            return block.Length >= track.Length + 3
                ? BinaryPrimitives.ReadInt16BigEndian(block[track.Length..])
                : throw new FormatException("A block too short for its header.");
        }

        /// <summary>Writes a Duration into the segment's Info (a recorder that streams cannot know it when it writes Info).</summary>
        private static byte[] WithDuration(byte[] file, (int At, int End) info, long lastFrame, int segmentAt, long segmentSize)
        {
            var (size, start) = Element(file, info.At, out _);
            var duration = new byte[11];
            BinaryPrimitives.WriteUInt16BigEndian(duration, (ushort)Duration);
            duration[2] = 0x88;
            BinaryPrimitives.WriteDoubleBigEndian(duration.AsSpan(3), lastFrame);
            var children = file.AsSpan(start, (int)size);
            var newSize = children.Length + duration.Length;
            var rewritten = new List<byte>(file.Length + 16);
            rewritten.AddRange(file.AsSpan(0, info.At));
            rewritten.AddRange([0x15, 0x49, 0xA9, 0x66]);
            rewritten.AddRange(SizeOf8(newSize));
            rewritten.AddRange(children);
            rewritten.AddRange(duration);
            rewritten.AddRange(file.AsSpan(info.End));
            var result = rewritten.ToArray();
            if (segmentSize != Ebml.Unknown)
            {
                var (_, segmentStart) = Element(result, segmentAt, out _);
                var width = segmentStart - segmentAt - 4;
                var grown = segmentSize + (result.Length - file.Length);
                if (width != 8)
                {
                    return file;
                }
                SizeOf8(grown).CopyTo(result, segmentAt + 4);
            }
            return result;
        }

        private static byte[] SizeOf8(long size)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, size);
            bytes[0] = 0x01;
            return bytes;
        }

        /// <summary>Where an element of unknown size ends: at the first element only its parent may hold, or the parent's end.</summary>
        private static int UnknownEnd(byte[] file, int start, int parentEnd)
        {
            var at = start;
            while (at < parentEnd)
            {
                var (size, childStart) = Element(file, at, out var id);
                if (SegmentLevel.Contains(id) || size == Ebml.Unknown)
                {
                    return at;
                }
                at = checked(childStart + (int)size);
            }
            return Math.Min(at, parentEnd);
        }

        private static (long Size, int Start) Element(ReadOnlySpan<byte> data, int at, out long id)
        {
            var idField = Ebml.Vint(data, at, keepMarker: true);
            var sizeField = Ebml.Vint(data, at + idField.Length, keepMarker: false);
            id = idField.Value;
            return (sizeField.Value, at + idField.Length + sizeField.Length);
        }

        private static List<(long Id, int Start, int Size)> Children(ReadOnlySpan<byte> master)
        {
            List<(long, int, int)> children = [];
            for (var at = 0; at < master.Length;)
            {
                var (size, start) = Element(master, at, out var id);
                if (size == Ebml.Unknown || start + size > master.Length)
                {
                    // A cluster cut short by the end of the recording: what is whole of it counts.
                    break;
                }
                children.Add((id, start, (int)size));
                at = start + (int)size;
            }
            return children;
        }
    }

    /// <summary>ISO BMFF: boxes of a 32-bit size (1: a 64-bit one follows; 0: to the end) and a four-letter type.</summary>
    private static class Mp4
    {
        public static MediaFacts? Read(byte[] file)
        {
            var top = Boxes(file);
            if (top.FirstOrDefault(b => b.Type == "moov") is not { } moov)
            {
                return null;
            }
            var movie = file.AsSpan(moov.Start, moov.Size);
            var inMovie = Boxes(movie);
            if (inMovie.FirstOrDefault(b => b.Type == "mvhd") is not { } mvhd)
            {
                return null;
            }
            var (timescale, duration) = Header(movie.Slice(mvhd.Start, mvhd.Size));
            bool video = false, audio = false, codecsKnown = true;
            foreach (var trak in inMovie.Where(b => b.Type == "trak"))
            {
                var media = Path(movie.Slice(trak.Start, trak.Size), "mdia");
                var handler = Path(media, "hdlr");
                var kind = handler.Length >= 12 ? Encoding.ASCII.GetString(handler.Slice(8, 4)) : "";
                var sampleDescriptions = Path(media, "minf", "stbl", "stsd");
                var codec = sampleDescriptions.Length >= 16 ? Encoding.ASCII.GetString(sampleDescriptions.Slice(12, 4)) : "";
                codecsKnown &= Mp4Codecs.Contains(codec);
                video |= kind == "vide";
                audio |= kind == "soun";
            }
            if (duration == 0 && Path(movie, "mvex", "mehd") is { Length: >= 8 } mehd)
            {
                duration = mehd[0] == 1 ? BinaryPrimitives.ReadUInt64BigEndian(mehd[4..]) : BinaryPrimitives.ReadUInt32BigEndian(mehd[4..]);
            }
            if (!codecsKnown || !(video || audio) || timescale == 0 || duration == 0)
            {
                return null;
            }
            return new MediaFacts(video ? "video/mp4" : "audio/mp4", TimeSpan.FromSeconds((double)duration / timescale), video, file);
        }

        private static (uint Timescale, ulong Duration) Header(ReadOnlySpan<byte> mvhd) => mvhd[0] == 1
            ? (BinaryPrimitives.ReadUInt32BigEndian(mvhd[20..]), BinaryPrimitives.ReadUInt64BigEndian(mvhd[24..]))
            : (BinaryPrimitives.ReadUInt32BigEndian(mvhd[12..]), BinaryPrimitives.ReadUInt32BigEndian(mvhd[16..]));

        private static ReadOnlySpan<byte> Path(ReadOnlySpan<byte> box, params string[] types)
        {
            foreach (var type in types)
            {
                if (Boxes(box).FirstOrDefault(b => b.Type == type) is not { } found)
                {
                    return [];
                }
                box = box.Slice(found.Start, found.Size);
            }
            return box;
        }

        private sealed record Box(string Type, int Start, int Size);

        private static List<Box> Boxes(ReadOnlySpan<byte> data)
        {
            List<Box> boxes = [];
            for (var at = 0; at + 8 <= data.Length;)
            {
                long size = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
                var type = Encoding.ASCII.GetString(data.Slice(at + 4, 4));
                var header = 8;
                if (size == 1)
                {
                    size = at + 16 <= data.Length ? (long)BinaryPrimitives.ReadUInt64BigEndian(data[(at + 8)..]) : throw new FormatException("A box cut short.");
                    header = 16;
                }
                else if (size == 0)
                {
                    size = data.Length - at;
                }
                if (size < header || at + size > data.Length)
                {
                    throw new FormatException("A box past the end.");
                }
                boxes.Add(new Box(type, at + header, (int)size - header));
                at += (int)size;
            }
            return boxes;
        }
    }
}
