namespace EdgeCam.Edge.Hosting;

/// <summary>A hosted service that runs one module (<see cref="EdgeModuleService{TModule}"/>): what a supervisor watches.</summary>
public interface IModuleService
{
    /// <summary>The module id in the deployment.</summary>
    string ModuleId { get; }

    /// <summary>The module's run, once started (null before); completed when the module stopped or failed.</summary>
    Task? ExecuteTask { get; }
}
