/**
 * Copies a secret shown once (a sign-in link, an API token) to the clipboard; where there is none (an http
 * page, a refusal) the text area holding it is selected for the admin to copy by hand. True when copied.
 */
export const copyText = async (text: string, textAreaId: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    (document.getElementById(textAreaId) as HTMLTextAreaElement | null)?.select();
    return false;
  }
};
