using System.CommandLine;
using System.Globalization;
using ValidationGateway.Core.Security;
using ValidationGateway.Server.Hosting;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw key issue|revoke|list</c>: API keys, stored hashed, shown once.</summary>
internal static class KeyCommands
{
    public static Command Build(CliContext context)
    {
        var key = new Command("key", "Issue, revoke and list API keys (calls carry authorization: Bearer <key>)");
        key.Subcommands.Add(Issue(context));
        key.Subcommands.Add(Revoke(context));
        key.Subcommands.Add(List(context));
        return key;
    }

    private static Command Issue(CliContext context)
    {
        var institution = new Option<string?>("--institution") { Description = "Issue a key that acts for this institution only (fixmedins_code)" };
        var admin = new Option<bool>("--admin") { Description = "Issue an administrator key (catalogs, institutions, compliance, /admin)" };
        var command = new Command("issue", "Issue a new key and print it once; only its hash is stored") { institution, admin };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var code = parse.GetValue(institution);
            var isAdmin = parse.GetValue(admin);
            if (isAdmin == (code is not null))
            {
                throw new ArgumentException("give exactly one of --institution H… or --admin");
            }

            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            if (code is not null && await store.GetInstitutionAsync(code, ct).ConfigureAwait(false) is null)
            {
                throw new ArgumentException($"institution {code} is not registered; add it first with vgw institution add");
            }

            var (secret, record) = ApiKeys.Create(code, isAdmin, DateTimeOffset.UtcNow);
            await store.AddApiKeyAsync(record, ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"issued {(isAdmin ? "an administrator key" : $"a key for {code}")} (id {record.KeyId}); it is shown only now:").ConfigureAwait(false);
            await context.Out.WriteLineAsync(secret).ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var id = new Option<string>("--id") { Description = "Key id (the 16 hex characters after vgw_)", Required = true };
        var command = new Command("revoke", "Revoke a key; running gateways stop accepting it within Security:KeyCacheTtl (default 5 s)") { id };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            if (!await store.RevokeApiKeyAsync(parse.GetValue(id)!, ct).ConfigureAwait(false))
            {
                throw new ArgumentException($"no active key with id {parse.GetValue(id)}");
            }

            await context.Out.WriteLineAsync($"revoked key {parse.GetValue(id)}").ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List keys (ids and owners; secrets are never stored)");
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            foreach (var k in await store.ListApiKeysAsync(ct).ConfigureAwait(false))
            {
                var revoked = k.RevokedAt is { } r ? "revoked " + r.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "active";
                await context.Out.WriteLineAsync($"{k.KeyId}  {(k.IsAdmin ? "admin" : k.InstitutionCode),-12}  issued {k.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  {revoked}").ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }));
        return command;
    }
}
