/**
 * Realistic, made-up borrowers for demo books: Chinese names by common surname frequency, valid
 * resident ID numbers and credit codes (checksums computed, birth dates real), mainland mobile
 * numbers. Deterministic for a seed. Nobody here is a real person.
 */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建文辉玲红鹏飞宇浩然欣怡子涵梓轩雨泽思远晨曦嘉怡俊杰志强海燕丹丹婷婷宏伟建国建华晓东小龙家豪佳琪诗涵晓明国强春梅金凤玉兰振华立新永刚德明';
/** Real 6-digit area codes (GB/T 2260) of a few cities' districts. */
const AREAS = ['110101', '110105', '110108', '310101', '310115', '440103', '440305', '440306', '350102', '350203', '510104', '330106', '420106', '320102', '370102', '610113', '500103', '120101', '430102', '210102'];
const CITIES = ['北京', '上海', '广州', '深圳', '福州', '厦门', '成都', '杭州', '武汉', '南京', '济南', '西安', '重庆', '天津', '长沙', '大连'];
const TRADES = ['贸易', '科技', '餐饮管理', '建材', '物流', '服装', '电子', '农业发展', '文化传媒', '汽车服务', '装饰工程', '食品'];
const STREETS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '胜利路', '青年路', '朝阳路', '长江路'];
const EMPLOYERS = ['市第一人民医院', '区实验小学', '国网供电公司', '顺达物流有限公司', '华润万家超市', '个体经营', '市自来水公司', '中建三局', '美团配送站', '本地制造厂'];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const pick = <T>(r: () => number, list: readonly T[] | string): T => list[Math.floor(r() * list.length)] as T;
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function idNumber(r: () => number, birthYear: number, male: boolean): { id: string; birth: string } {
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const seq = Math.floor(r() * 500) * 2 + (male ? 1 : 0);
  const body = `${pick(r, AREAS)}${birthYear}${pad(month, 2)}${pad(day, 2)}${pad(seq, 3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (ID_WEIGHTS[i] as number);
  return { id: body + ('10X98765432'[sum % 11] as string), birth: `${birthYear}-${pad(month, 2)}-${pad(day, 2)}` };
}

export function creditCode(r: () => number): string {
  let body = `91${pick(r, AREAS)}`;
  for (let i = 0; i < 9; i++) body += pick(r, CODE_CHARS);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(body[i] as string) * (CODE_WEIGHTS[i] as number);
  return body + (CODE_CHARS[(31 - (sum % 31)) % 31] as string);
}

export const phone = (r: () => number): string => `1${pick(r, '3456789')}${pad(Math.floor(r() * 1e9), 9)}`;

export function personName(r: () => number): string {
  const given = r() < 0.35 ? pick<string>(r, GIVEN) : pick<string>(r, GIVEN) + pick<string>(r, GIVEN);
  return pick<string>(r, SURNAMES) + given;
}

export const businessName = (r: () => number): string => `${pick(r, CITIES)}${pick(r, ['华', '鑫', '恒', '盛', '达', '宏', '泰', '锦'])}${pick(r, ['信', '源', '丰', '通', '辉', '瑞'])}${pick(r, TRADES)}有限公司`;
export const address = (r: () => number): string => `${pick(r, CITIES)}市${pick(r, STREETS)}${1 + Math.floor(r() * 300)}号`;
export const employer = (r: () => number): string => pick(r, EMPLOYERS);
