using Azure;
using Azure.Storage.Blobs;
using StackExchange.Redis;

namespace Viv.VideoMessages;

/// <summary>
/// Where the encrypted files of video messages are kept, outside grain state (up to 15 MB each): files
/// under the data directory (embedded), blobs in the cluster's Azure Storage, or keys in its Redis. The
/// key of each file is in its recipient's grain state, never beside the file.
/// </summary>
public interface IVideoMessageFiles
{
    Task Put(Guid id, byte[] sealedFile);

    /// <summary>Null when there is no such file.</summary>
    Task<byte[]?> Get(Guid id);

    Task Delete(Guid id);
}

/// <summary>Embedded mode: <c>{data directory}/video-messages/{id}</c>, written whole under a temporary name first.</summary>
public sealed class FileVideoMessages(string dataDirectory) : IVideoMessageFiles
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(dataDirectory, "video-messages")).FullName;

    private string PathOf(Guid id) => Path.Combine(_folder, id.ToString("N"));

    public async Task Put(Guid id, byte[] sealedFile)
    {
        var writing = PathOf(id) + ".writing";
        await File.WriteAllBytesAsync(writing, sealedFile);
        File.Move(writing, PathOf(id), overwrite: true);
    }

    public async Task<byte[]?> Get(Guid id) => File.Exists(PathOf(id)) ? await File.ReadAllBytesAsync(PathOf(id)) : null;

    public Task Delete(Guid id)
    {
        File.Delete(PathOf(id));
        return Task.CompletedTask;
    }
}

/// <summary>A cluster on Azure Storage: block blobs in the container <c>{cluster id}-video-messages</c>.</summary>
public sealed class BlobVideoMessages(BlobContainerClient container) : IVideoMessageFiles
{
    private bool _created;

    public async Task Put(Guid id, byte[] sealedFile)
    {
        if (!_created)
        {
            await container.CreateIfNotExistsAsync();
            _created = true;
        }
        await container.GetBlobClient(id.ToString("N")).UploadAsync(BinaryData.FromBytes(sealedFile), overwrite: true);
    }

    public async Task<byte[]?> Get(Guid id)
    {
        try
        {
            return (await container.GetBlobClient(id.ToString("N")).DownloadContentAsync()).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task Delete(Guid id) => container.GetBlobClient(id.ToString("N")).DeleteIfExistsAsync();
}

/// <summary>A cluster on Redis: one key per file, <c>{cluster id}:video-messages:{id}</c>, in the Redis the grains keep their state in.</summary>
public sealed class RedisVideoMessages(IConnectionMultiplexer redis, string clusterId) : IVideoMessageFiles
{
    private RedisKey Key(Guid id) => $"{clusterId}:video-messages:{id:N}";

    public Task Put(Guid id, byte[] sealedFile) => redis.GetDatabase().StringSetAsync(Key(id), sealedFile);

    public async Task<byte[]?> Get(Guid id) => (byte[]?)await redis.GetDatabase().StringGetAsync(Key(id));

    public Task Delete(Guid id) => redis.GetDatabase().KeyDeleteAsync(Key(id));
}
