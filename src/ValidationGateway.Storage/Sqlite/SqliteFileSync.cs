using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>Flushes a connection's database file to disk through SQLite's own file handle.</summary>
/// <remarks>
/// <para>SQLitePCLRaw does not expose <c>sqlite3_file_control</c>, so it is called in the bundled native library
/// (e_sqlite3, the one Microsoft.Data.Sqlite runs on): <c>SQLITE_FCNTL_FILE_POINTER</c> gives the connection's
/// <c>sqlite3_file</c>, whose <c>sqlite3_io_methods.xSync</c> is what SQLite itself calls when a checkpoint flushes the
/// file. Both are SQLite's public C API (sqlite3.h).</para>
/// <para>Why not a file handle of our own: closing any descriptor of a database file drops every POSIX lock the
/// process holds on it, the locks of SQLite's other connections included.</para>
/// </remarks>
internal static unsafe class SqliteFileSync
{
    private const int FileControlFilePointer = 7; // SQLITE_FCNTL_FILE_POINTER
    private const int SyncNormal = 2; // SQLITE_SYNC_NORMAL
    private const int XSyncSlot = 5; // sqlite3_io_methods: iVersion, xClose, xRead, xWrite, xTruncate, xSync

    private static bool _unavailable;

    /// <summary>Flushes the main database file of <paramref name="connection"/>; false when it could not (another
    /// SQLite library than e_sqlite3, or an error), which costs only time: SQLite's own checkpoint flushes it later.</summary>
    public static bool TryFlushDatabaseFile(SqliteConnection connection)
    {
        if (_unavailable || connection.Handle is not { } handle)
        {
            return false;
        }

        try
        {
            IntPtr file;
            fixed (byte* main = "main"u8)
            {
                if (sqlite3_file_control(handle.DangerousGetHandle(), main, FileControlFilePointer, &file) != 0 || file == IntPtr.Zero)
                {
                    return false;
                }
            }

            var methods = *(IntPtr**)file;
            var xSync = (delegate* unmanaged<IntPtr, int, int>)methods[XSyncSlot];
            return xSync(file, SyncNormal) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    // "main" is passed as a NUL-terminated UTF-8 literal.
    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_file_control(IntPtr db, byte* name, int op, IntPtr* arg);
}
