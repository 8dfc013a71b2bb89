namespace EdgeCam.Hardware.LightSensors;

/// <summary>
/// VEML7700 ALS gain, register ALS_CONF_0 bits 12:11 (Vishay VEML7700 datasheet, document 84286, table 1). The values
/// are the register bits. Vishay's application note ("Designing the VEML7700 Into an Application", document 84323)
/// recommends ×1/8 or ×1/4 for most light and ×1 or ×2 only below about 100 lx, where night-vision thresholds sit.
/// </summary>
public enum Veml7700Gain
{
    /// <summary>Gain ×1 (00).</summary>
    One = 0b00,

    /// <summary>Gain ×2 (01): the most sensitive.</summary>
    Two = 0b01,

    /// <summary>Gain ×1/8 (10): the least sensitive.</summary>
    OneEighth = 0b10,

    /// <summary>Gain ×1/4 (11).</summary>
    OneQuarter = 0b11,
}
