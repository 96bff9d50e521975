/**
 * Shared by the listing form's uploads and the offline queue (app/offline):
 * no React here, so the offline script stays small.
 */

/** The longest side photos are scaled to in the browser: enough for the 1280 px variant. */
const MAX_SIDE = 1600;

/**
 * A phone photo (3–8 MB) as a ~1600 px JPEG (a few hundred KB) before it
 * crosses a 3G link. Anything the browser cannot draw goes as it is, and the
 * server says what is wrong with it.
 */
export async function downscale(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext("2d");
    if (!context) return file;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

