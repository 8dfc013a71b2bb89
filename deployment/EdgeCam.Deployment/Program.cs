using System.Collections;
using EdgeCam.Deployment.Cli;

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
return DeployCommand.Run(args, environment, Console.Out, Console.Error);
