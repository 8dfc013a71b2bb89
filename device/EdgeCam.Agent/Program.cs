using EdgeCam.Agent.Cli;

return await AgentCommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
