namespace EdgeCam.Hardware.LightSensors;

/// <summary>
/// VEML7700 ALS integration time, register ALS_CONF_0 bits 9:6 (Vishay VEML7700 datasheet, document 84286, table 1).
/// The values are the register bits (not in time order). Longer integration resolves lower light and saturates sooner.
/// </summary>
public enum Veml7700IntegrationTime
{
    /// <summary>25 ms (1100).</summary>
    Milliseconds25 = 0b1100,

    /// <summary>50 ms (1000).</summary>
    Milliseconds50 = 0b1000,

    /// <summary>100 ms (0000), the power-on default.</summary>
    Milliseconds100 = 0b0000,

    /// <summary>200 ms (0001).</summary>
    Milliseconds200 = 0b0001,

    /// <summary>400 ms (0010).</summary>
    Milliseconds400 = 0b0010,

    /// <summary>800 ms (0011).</summary>
    Milliseconds800 = 0b0011,
}
