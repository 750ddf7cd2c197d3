import QRCode from 'qrcode';

/** The handoff link as an SVG QR code, drawn here (no network, nothing added to the page's JavaScript). */
export const handoffQrSvg = (url: string): Promise<string> => QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#1b1a3a', light: '#ffffff' } });
