using EdgeCam.Agent;

return await AgentEntry.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
