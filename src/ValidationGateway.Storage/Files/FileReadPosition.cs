namespace ValidationGateway.Storage.Files;

/// <summary>How far a streamed import file has been read, for progress reports.</summary>
/// <param name="BytesRead">Bytes of the file read so far (runs ahead of the rows by the read buffers).</param>
/// <param name="Length">Size of the file in bytes.</param>
/// <param name="RowsRead">Data rows read so far, good or bad.</param>
/// <param name="Finished">True on the last report, once the whole file has been read.</param>
public readonly record struct FileReadPosition(long BytesRead, long Length, long RowsRead, bool Finished);
