// Texts of the public video check in German and English: what a citizen reads when checking a video.
import type { Catalog } from '../i18n.ts';

export type CheckKey =
  | 'title'
  | 'brand'
  | 'skipLink'
  | 'languageNav'
  | 'lede'
  | 'privacy'
  | 'fileHeading'
  | 'fileLabel'
  | 'fileHint'
  | 'fileHashing'
  | 'fileNoCrypto'
  | 'fileFailed'
  | 'pasteHeading'
  | 'pasteLabel'
  | 'pasteHint'
  | 'submit'
  | 'resultHeading'
  | 'fingerprint'
  | 'input.empty'
  | 'input.tooLong'
  | 'input.notRecognised'
  | 'input.foreignLink'
  | 'input.noAsset'
  | 'status.endorsed'
  | 'status.endorsedText'
  | 'status.replaced'
  | 'status.replacedText'
  | 'status.replacedLink'
  | 'status.retracted'
  | 'status.retractedText'
  | 'status.reason'
  | 'status.unknown'
  | 'status.unknownText'
  | 'status.unknownAdvice'
  | 'status.invalid'
  | 'status.invalidText'
  | 'facts.heading'
  | 'facts.published'
  | 'facts.agency'
  | 'facts.campaign'
  | 'facts.audience'
  | 'facts.language'
  | 'facts.format'
  | 'facts.formatValue'
  | 'facts.formatOpenCaptions'
  | 'facts.reviewed'
  | 'facts.reviewedValue'
  | 'facts.aiGenerated'
  | 'facts.aiGeneratedValue'
  | 'facts.statusChanged'
  | 'claims.heading'
  | 'claims.none'
  | 'claims.source'
  | 'claims.textUnavailable'
  | 'cc.heading'
  | 'cc.present'
  | 'cc.signed'
  | 'cc.untrusted'
  | 'cc.invalid'
  | 'cc.absent'
  | 'cc.signer'
  | 'cc.issuer'
  | 'cc.aiAssertion'
  | 'cc.yes'
  | 'cc.no'
  | 'cc.notAvailable'
  | 'qr.heading'
  | 'qr.text'
  | 'qr.alt'
  | 'footer';

export const CHECK: Catalog<CheckKey> = {
  de: {
    title: 'Video prüfen',
    brand: 'klartext – Video-Prüfung',
    skipLink: 'Zum Inhalt springen',
    languageNav: 'Sprache',
    lede: 'Stammt ein Video wirklich von der Behörde? Prüfen Sie es hier: Sie sehen, ob die Behörde genau diese Datei veröffentlicht hat, wann und für wen, ob sie noch gilt und auf welche Quellen sich ihre Aussagen stützen.',
    privacy:
      'Ihre Datei wird nicht hochgeladen: Ihr Browser berechnet nur ihren digitalen Fingerabdruck (SHA-256) und sendet diesen.',
    fileHeading: 'Videodatei prüfen',
    fileLabel: 'Videodatei auswählen oder hierher ziehen',
    fileHint: 'Zum Beispiel die MP4-Datei, die Sie heruntergeladen oder zugeschickt bekommen haben.',
    fileHashing: 'Fingerabdruck wird berechnet …',
    fileNoCrypto:
      'Ihr Browser kann hier keinen Fingerabdruck berechnen (nur über eine sichere Verbindung möglich). Fügen Sie stattdessen einen Link oder Fingerabdruck ein.',
    fileFailed: 'Die Datei konnte nicht gelesen werden. Wählen Sie sie bitte erneut aus.',
    pasteHeading: 'Link oder Fingerabdruck prüfen',
    pasteLabel: 'Link oder Fingerabdruck (SHA-256)',
    pasteHint: 'Ein Link zu einem Video dieser Seite, ein Prüf-Link oder 64 Zeichen aus 0–9 und a–f.',
    submit: 'Prüfen',
    resultHeading: 'Ergebnis',
    fingerprint: 'Geprüfter Fingerabdruck',
    'input.empty': 'Bitte wählen Sie eine Videodatei oder geben Sie einen Link oder Fingerabdruck ein.',
    'input.tooLong': 'Die Eingabe ist zu lang. Geben Sie einen Link oder einen Fingerabdruck aus 64 Zeichen ein.',
    'input.notRecognised':
      'Das ist weder ein Link noch ein Fingerabdruck. Ein Fingerabdruck hat 64 Zeichen aus 0–9 und a–f.',
    'input.foreignLink':
      'Videos von anderen Websites ruft diese Seite nicht ab. Laden Sie das Video herunter und wählen Sie die Datei oben aus.',
    'input.noAsset':
      'Unter diesem Link liegt kein Video dieser Seite. Prüfen Sie den Link oder wählen Sie die Datei aus.',
    'status.endorsed': 'Echt und gültig',
    'status.endorsedText': 'Die Behörde hat genau dieses Video veröffentlicht und steht weiterhin dazu.',
    'status.replaced': 'Echt, aber ersetzt',
    'status.replacedText':
      'Die Behörde hat dieses Video veröffentlicht, es aber durch eine neuere Fassung ersetzt. Verwenden Sie die neue Fassung.',
    'status.replacedLink': 'Neue Fassung prüfen',
    'status.retracted': 'Echt, aber zurückgezogen',
    'status.retractedText':
      'Die Behörde hat dieses Video veröffentlicht und später zurückgezogen. Verbreiten Sie es bitte nicht weiter.',
    'status.reason': 'Grund',
    'status.unknown': 'Nicht von der Behörde veröffentlicht',
    'status.unknownText':
      'Genau diese Datei hat die Behörde nicht veröffentlicht. Gibt sich das Video als Video der Behörde aus, wurde es verändert oder von anderen erstellt.',
    'status.unknownAdvice':
      'Schon ein erneutes Speichern oder Umwandeln verändert den Fingerabdruck. Prüfen Sie im Zweifel die Originaldatei aus dem Kanal der Behörde.',
    'status.invalid': 'Prüfung fehlgeschlagen',
    'status.invalidText':
      'Zu diesem Video gibt es einen Eintrag, aber seine Signatur ist ungültig. Vertrauen Sie dem Video nicht.',
    'facts.heading': 'Angaben der Behörde',
    'facts.published': 'Veröffentlicht',
    'facts.agency': 'Herausgeber',
    'facts.campaign': 'Kampagne',
    'facts.audience': 'Für',
    'facts.language': 'Sprache',
    'facts.format': 'Format',
    'facts.formatValue': '{aspect}, {width}×{height} – eine Fassung desselben geprüften Videos',
    'facts.formatOpenCaptions': 'mit eingeblendeten Untertiteln',
    'facts.reviewed': 'Medizinisch geprüft',
    'facts.reviewedValue': '{count} Prüfung(en), zuletzt am {date}',
    'facts.aiGenerated': 'KI-erzeugt',
    'facts.aiGeneratedValue': 'Ja – dieses Video wurde mit KI erzeugt und ist als solches gekennzeichnet.',
    'facts.statusChanged': 'Status zuletzt geändert',
    'claims.heading': 'Aussagen des Videos und ihre Quellen',
    'claims.none': 'Das Video stützt sich auf keine hinterlegte Aussage.',
    'claims.source': 'Quelle',
    'claims.textUnavailable': 'Wortlaut nicht verfügbar',
    'cc.heading': 'Content Credentials (C2PA)',
    'cc.present': 'In die Videodatei eingebettet, gültig signiert, mit einem vertrauenswürdigen Zertifikat.',
    'cc.signed': 'In die Videodatei eingebettet und mit dem Zertifikat der Behörde gültig signiert.',
    'cc.untrusted':
      'In die Videodatei eingebettet und gültig signiert; das Zertifikat steht aber auf keiner Liste vertrauenswürdiger Zertifikate.',
    'cc.invalid': 'In die Videodatei eingebettet, aber ungültig: Die Datei wurde nach dem Signieren verändert.',
    'cc.absent': 'Die Videodatei enthält keine Content Credentials.',
    'cc.signer': 'Signiert von',
    'cc.issuer': 'Zertifikat ausgestellt von',
    'cc.aiAssertion': 'Als KI-erzeugt gekennzeichnet',
    'cc.yes': 'ja',
    'cc.no': 'nein',
    'cc.notAvailable': 'Für dieses Video sind keine Content Credentials verfügbar.',
    'qr.heading': 'Diese Seite weitergeben',
    'qr.text': 'Kurzadresse: {address}',
    'qr.alt': 'QR-Code mit der Adresse dieser Seite',
    footer: 'Diese Seite speichert keine Dateien. Sie zeigt, was die Behörde zu ihren Videos signiert hat.',
  },
  en: {
    title: 'Check a video',
    brand: 'klartext – video check',
    skipLink: 'Skip to content',
    languageNav: 'Language',
    lede: 'Is a video really from the agency? Check it here: you see whether the agency published exactly this file, when and for whom, whether it still stands, and which sources its statements rest on.',
    privacy: 'Your file is not uploaded: your browser only computes its digital fingerprint (SHA-256) and sends that.',
    fileHeading: 'Check a video file',
    fileLabel: 'Choose a video file or drag it here',
    fileHint: 'For example the MP4 file you downloaded or were sent.',
    fileHashing: 'Computing the fingerprint …',
    fileNoCrypto:
      'Your browser cannot compute a fingerprint here (only over a secure connection). Paste a link or fingerprint instead.',
    fileFailed: 'The file could not be read. Please choose it again.',
    pasteHeading: 'Check a link or fingerprint',
    pasteLabel: 'Link or fingerprint (SHA-256)',
    pasteHint: 'A link to a video on this site, a check link, or 64 characters of 0–9 and a–f.',
    submit: 'Check',
    resultHeading: 'Result',
    fingerprint: 'Fingerprint checked',
    'input.empty': 'Please choose a video file or enter a link or fingerprint.',
    'input.tooLong': 'The input is too long. Enter a link or a fingerprint of 64 characters.',
    'input.notRecognised': 'That is neither a link nor a fingerprint. A fingerprint has 64 characters of 0–9 and a–f.',
    'input.foreignLink':
      'This page does not fetch videos from other websites. Download the video and choose the file above.',
    'input.noAsset': 'There is no video of this site at that link. Check the link or choose the file.',
    'status.endorsed': 'Genuine and current',
    'status.endorsedText': 'The agency published exactly this video and still stands by it.',
    'status.replaced': 'Genuine, but replaced',
    'status.replacedText':
      'The agency published this video but replaced it with a newer version. Please use the new version.',
    'status.replacedLink': 'Check the new version',
    'status.retracted': 'Genuine, but retracted',
    'status.retractedText': 'The agency published this video and later retracted it. Please do not share it further.',
    'status.reason': 'Reason',
    'status.unknown': 'Not published by the agency',
    'status.unknownText':
      'The agency did not publish exactly this file. If the video presents itself as the agency’s, it was altered or made by someone else.',
    'status.unknownAdvice':
      'Even saving or converting a video again changes its fingerprint. When in doubt, check the original file from the agency’s channel.',
    'status.invalid': 'Check failed',
    'status.invalidText': 'There is a record for this video, but its signature is invalid. Do not trust the video.',
    'facts.heading': 'What the agency states',
    'facts.published': 'Published',
    'facts.agency': 'Published by',
    'facts.campaign': 'Campaign',
    'facts.audience': 'For',
    'facts.language': 'Language',
    'facts.format': 'Format',
    'facts.formatValue': '{aspect}, {width}×{height}: a version of the same reviewed video',
    'facts.formatOpenCaptions': 'with captions in the picture',
    'facts.reviewed': 'Medically reviewed',
    'facts.reviewedValue': '{count} review(s), the last on {date}',
    'facts.aiGenerated': 'AI-generated',
    'facts.aiGeneratedValue': 'Yes – this video was made with AI and is labelled as such.',
    'facts.statusChanged': 'Status last changed',
    'claims.heading': 'What the video states, and its sources',
    'claims.none': 'The video rests on no recorded statement.',
    'claims.source': 'Source',
    'claims.textUnavailable': 'Wording not available',
    'cc.heading': 'Content Credentials (C2PA)',
    'cc.present': 'Embedded in the video file, validly signed, with a trusted certificate.',
    'cc.signed': 'Embedded in the video file and validly signed with the agency’s certificate.',
    'cc.untrusted':
      'Embedded in the video file and validly signed; the certificate, however, is on no list of trusted certificates.',
    'cc.invalid': 'Embedded in the video file, but invalid: the file was changed after signing.',
    'cc.absent': 'The video file carries no Content Credentials.',
    'cc.signer': 'Signed by',
    'cc.issuer': 'Certificate issued by',
    'cc.aiAssertion': 'Marked as AI-generated',
    'cc.yes': 'yes',
    'cc.no': 'no',
    'cc.notAvailable': 'No Content Credentials are available for this video.',
    'qr.heading': 'Share this page',
    'qr.text': 'Short address: {address}',
    'qr.alt': 'QR code with the address of this page',
    footer: 'This page stores no files. It shows what the agency signed about its videos.',
  },
};
