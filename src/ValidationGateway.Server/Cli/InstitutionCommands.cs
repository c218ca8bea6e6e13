using System.CommandLine;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Server.Hosting;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw institution add|list</c>.</summary>
internal static class InstitutionCommands
{
    public static Command Build(CliContext context)
    {
        var institution = new Command("institution", "Register designated institutions");
        institution.Subcommands.Add(Add(context));
        institution.Subcommands.Add(List(context));
        return institution;
    }

    private static Command Add(CliContext context)
    {
        var code = new Option<string>("--code") { Description = "fixmedins_code: H + 11 digits (hospital) or P + 11 digits (pharmacy)", Required = true };
        var name = new Option<string>("--name") { Description = "Institution name", Required = true };
        var level = new Option<int>("--level") { Description = "Hospital grade 1, 2 or 3 (picks the service price caps)", Required = true };
        level.AcceptOnlyFromAmong("1", "2", "3");
        var type = new Option<string>("--type") { Description = "hospital or pharmacy", Required = true };
        type.AcceptOnlyFromAmong("hospital", "pharmacy");
        var command = new Command("add", "Add or update an institution") { code, name, level, type };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var value = parse.GetValue(code)!.Trim();
            var kind = parse.GetValue(type) == "pharmacy" ? InstitutionType.Pharmacy : InstitutionType.Hospital;
            var family = kind == InstitutionType.Pharmacy ? CodeFamily.Pharmacy : CodeFamily.Hospital;
            if (!CodeFormatProfile.Default.IsWellFormed(family, value))
            {
                throw new ArgumentException($"--code '{value}' is not a {parse.GetValue(type)} code ({(kind == InstitutionType.Pharmacy ? "P" : "H")} + 6-digit admin division + 5 digits, e.g. {(kind == InstitutionType.Pharmacy ? "P45010301036" : "H21010200123")})");
            }

            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var record = new InstitutionRecord(value, parse.GetValue(name)!.Trim(), parse.GetValue(level), kind);
            await store.UpsertInstitutionAsync(record, ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"institution {record.Code} {record.Name} (level {record.Level}, {parse.GetValue(type)}, admin division {record.AdminDivision}) saved").ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List institutions");
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            foreach (var i in await store.ListInstitutionsAsync(ct).ConfigureAwait(false))
            {
                await context.Out.WriteLineAsync($"{i.Code}  level {i.Level}  {i.Type.ToString().ToLowerInvariant(),-8}  {i.Name}").ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }));
        return command;
    }
}
