using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Viv.Web.Hosting;

/// <summary>
/// The cookie key ring of a cluster on Azure Storage: one XML blob that every web node reads, so
/// each accepts the cookies and tokens the others sealed. A node adding a key writes only if the
/// blob is unchanged since it read it (ETag), and otherwise reads again, so two nodes rotating at
/// once both keep their keys.
/// </summary>
public sealed class BlobKeyRing(BlobContainerClient container) : IXmlRepository
{
    private const string Root = "repository";
    private readonly BlobClient _blob = container.GetBlobClient("key-ring.xml");

    public IReadOnlyCollection<XElement> GetAllElements() => Read().Ring.Elements().ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        container.CreateIfNotExists();
        while (true)
        {
            var (ring, etag) = Read();
            ring.Add(element);
            var onlyIf = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                _blob.Upload(BinaryData.FromString(ring.ToString(SaveOptions.DisableFormatting)), new BlobUploadOptions { Conditions = onlyIf });
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another node wrote first: add this key to what it wrote.
            }
        }
    }

    private (XElement Ring, ETag? ETag) Read()
    {
        try
        {
            var content = _blob.DownloadContent().Value;
            return (XElement.Parse(content.Content.ToString()), content.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (new XElement(Root), null);
        }
    }
}
