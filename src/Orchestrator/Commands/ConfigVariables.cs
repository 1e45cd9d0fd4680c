using Composer.Model;
using Composer.Orchestrator.Output;

namespace Composer.Orchestrator.Commands;

/// <summary>`config --variables`: every variable the compose files refer to, with its default and alternate values.</summary>
internal static class ConfigVariables
{
    public static void Print(Project project, bool json, TextWriter output)
    {
        var found = VariableReferences.Find(project.ConfigFiles.Where(File.Exists).Select(InputFiles.ReadComposeFile));
        if (json)
        {
            output.WriteLine(JsonText.Array(found.Select(v => new[]
            {
                ("Name", v.Name), ("Required", v.Required ? "true" : "false"), ("DefaultValue", v.Default), ("PresenceValue", v.Alternate),
            })));
            return;
        }
        TextTable.Write(output, ["NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE"],
            found.Select(v => new[] { v.Name, v.Required ? "true" : "false", v.Default, v.Alternate }));
    }
}
