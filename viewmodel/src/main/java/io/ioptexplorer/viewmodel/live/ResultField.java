package io.ioptexplorer.viewmodel.live;

/**
 * One named result of a step, ready to show.
 *
 * @param key    the result's name as the file and the JSON report write it ({@code dirty-bits})
 * @param text   the value as people read it (addresses in hexadecimal, sizes and times with units)
 * @param number the value when it is a number, else null
 * @param bitmap the bitmap when the result is one, else null
 */
public record ResultField(String key, String text, Long number, BitmapPicture bitmap) {
}
