import type { UploadFile, UploadView } from './attachments.ts';

type Refusal = { status: number; error: { code: string; message: string; field?: string } };

const refusal = (status: number, body: unknown): Refusal => {
  const error = (body as { error?: Refusal['error'] } | null)?.error;
  return { status, error: error && typeof error.code === 'string' ? error : { code: status === 0 ? 'network' : 'internal', message: '' } };
};

/** XMLHttpRequest rather than fetch: only it reports how much of the body has gone (the progress bar). */
export const uploadWithXhr: UploadFile = (file, name, { onProgress }) =>
  new Promise<UploadView>((resolve, reject) => {
    const form = new FormData();
    form.append('file', file, name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status === 201 || xhr.status === 200) {
        const upload = (body as { upload?: UploadView } | null)?.upload;
        if (upload) return resolve(upload);
      }
      reject(refusal(xhr.status, body));
    };
    xhr.onerror = () => reject(refusal(0, null));
    xhr.ontimeout = () => reject(refusal(0, null));
    xhr.send(form);
  });
