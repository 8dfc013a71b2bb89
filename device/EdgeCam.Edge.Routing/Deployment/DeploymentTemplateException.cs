namespace EdgeCam.Edge.Deployment;

/// <summary>deployment.template.json is missing, is not valid JSON, lacks a section or holds an invalid route.</summary>
public sealed class DeploymentTemplateException : Exception
{
    public DeploymentTemplateException()
    {
    }

    public DeploymentTemplateException(string message)
        : base(message)
    {
    }

    public DeploymentTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
