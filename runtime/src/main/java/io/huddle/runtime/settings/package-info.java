/**
 * Settings from the environment (PROTOCOL.md section 9), read once at start-up into immutable
 * records. A bad value is a {@link io.huddle.runtime.settings.SettingException} naming the setting
 * and what it accepts; the apps print its one line and exit with code 2.
 */
package io.huddle.runtime.settings;
