"""A believable directory for the demo: national lines and local services in a few provinces.

Names follow the kinds of services Chinese hotlines refer to; numbers are made up (the 010-
and 021- prefixes are real area codes, the subscriber digits are not).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from hotline.resources.models import Resource
from hotline.resources.service import derive

# name, categories, region, phone, address, hours, eligibility, description
SERVICES: list[tuple[str, list[str], str, str, str, str, str, str]] = [
    ("全国心理援助热线（12356）", ["crisis_line"], "national", "+8612356000", "",
     "24小时", "所有来电者", "国家卫生健康委设立的全国统一心理援助热线，提供心理支持与危机干预。"),
    ("青少年服务台（12355）", ["youth", "crisis_line", "legal_aid"], "national", "+8612355000",
     "", "每天 9:00-21:00", "25岁以下青少年及其家长", "共青团青少年服务台：心理咨询、法律援助、权益保护。"),
    ("全国妇联妇女维权热线（12338）", ["women", "domestic_violence", "legal_aid"], "national",
     "+8612338000", "", "工作日 9:00-17:00", "妇女儿童", "妇女儿童权益保护、家庭暴力求助与转介。"),
    ("北京心理危机研究与干预中心", ["crisis_line", "psychiatry"], "CN-BJ", "+861082951332",
     "北京市海淀区德胜门外回龙观", "24小时", "所有来电者", "自杀危机干预、心理评估与精神科转诊。"),
    ("北京大学第六医院 精神科门诊", ["psychiatry", "hospital"], "CN-BJ", "+861062723700",
     "北京市海淀区花园北路51号", "周一至周日 8:00-17:00，急诊24小时", "需挂号",
     "抑郁、焦虑、双相障碍等精神疾病的诊断与治疗，设有精神科急诊。"),
    ("北京安定医院 急诊", ["hospital", "psychiatry"], "CN-BJ", "+861058303000",
     "北京市西城区德胜门外安康胡同5号", "24小时", "精神科急诊患者", "精神科急诊、危机干预与住院治疗。"),
    ("北京市青少年心理咨询中心", ["youth", "counselling", "students"], "CN-BJ", "+861065120000",
     "北京市东城区东单北大街", "周二至周日 9:00-18:00", "12-25岁青少年及家长",
     "面向中小学生和大学生的个体心理咨询、家庭咨询与团体辅导。"),
    ("北京红枫妇女心理咨询服务中心", ["women", "domestic_violence", "counselling"], "CN-BJ",
     "+861064033383", "北京市朝阳区", "工作日 9:00-17:00", "妇女及其家庭",
     "妇女心理热线、家庭暴力受害者支持与法律转介。"),
    ("北京市法律援助中心", ["legal_aid"], "CN-BJ", "+861012348000", "北京市西城区",
     "工作日 9:00-17:00", "经济困难公民", "免费法律咨询与代理，含家庭暴力与劳动争议。"),
    ("北京老年心理关爱热线", ["elderly", "counselling", "bereavement"], "CN-BJ", "+861068150000",
     "", "每天 8:00-20:00", "60岁以上老人及照护者", "独居老人心理陪伴、丧偶哀伤辅导与照护者支持。"),
    ("北京彩虹心理支持小组", ["lgbtq", "counselling"], "CN-BJ", "+861065880000", "",
     "周六 14:00-18:00", "性少数群体及家人", "性少数群体同伴支持、心理咨询与家长小组。"),
    ("上海市心理热线（962525）", ["crisis_line", "counselling"], "CN-SH", "+8621962525",
     "上海市徐汇区宛平南路600号", "24小时", "所有来电者", "上海市精神卫生中心运营的心理援助热线。"),
    ("上海市精神卫生中心 急诊", ["hospital", "psychiatry"], "CN-SH", "+862134289888",
     "上海市徐汇区宛平南路600号", "24小时", "精神科急诊患者", "精神科急诊、自伤自杀危机评估。"),
    ("上海市学生心理健康服务中心", ["students", "youth", "counselling"], "CN-SH",
     "+862164360000", "上海市长宁区", "工作日 8:30-17:00", "在校学生及家长",
     "学业压力、校园欺凌、抑郁情绪的咨询与转介。"),
    ("上海市戒毒康复中心", ["substance_use"], "CN-SH", "+862156780000", "上海市宝山区",
     "工作日 9:00-17:00", "成瘾者及家属", "酒精与药物成瘾评估、戒治与康复随访。"),
    ("上海市反家暴庇护所", ["domestic_violence", "women", "social_assistance"], "CN-SH",
     "+862162000000", "地址保密，电话联系", "24小时", "家庭暴力受害者", "临时庇护、安全计划与法律援助转介。"),
    ("上海哀伤辅导工作室", ["bereavement", "counselling"], "CN-SH", "+862154000000",
     "上海市静安区", "预约制", "经历亲人离世者，含自杀遗属", "个体及团体哀伤辅导，自杀遗属支持小组。"),
    ("广州市心理援助热线", ["crisis_line"], "CN-GD", "+862081899120", "广州市荔湾区明心路36号",
     "24小时", "所有来电者", "广州医科大学附属脑科医院运营的心理危机干预热线。"),
    ("广州医科大学附属脑科医院 急诊", ["hospital", "psychiatry"], "CN-GD", "+862081268000",
     "广州市荔湾区明心路36号", "24小时", "精神科急诊患者", "精神科急诊与住院。"),
    ("深圳市康宁医院 心理咨询门诊", ["counselling", "psychiatry"], "CN-GD", "+8675525600000",
     "深圳市罗湖区翠竹路1080号", "工作日 8:00-17:30", "需预约", "抑郁焦虑门诊、失眠门诊与心理治疗。"),
    ("广东省残疾人联合会 心理支持", ["disability", "counselling"], "CN-GD", "+862083800000",
     "广州市越秀区", "工作日 9:00-17:00", "残疾人及家属", "残疾人心理支持、康复与就业转介。"),
    ("深圳市就业援助服务中心", ["employment", "social_assistance"], "CN-GD", "+8675588000000",
     "深圳市福田区", "工作日 9:00-18:00", "失业及就业困难人员", "失业登记、职业指导、困难人员援助。"),
    ("杭州市心理危机研究与干预中心", ["crisis_line", "psychiatry"], "CN-ZJ", "+8657185029595",
     "杭州市西湖区天目山路305号", "24小时", "所有来电者", "杭州市第七人民医院的心理危机干预热线与门诊。"),
    ("浙江大学学生心理健康教育中心", ["students", "counselling"], "CN-ZJ", "+8657187950000",
     "杭州市西湖区余杭塘路866号", "学期内工作日", "浙江大学在校学生", "学生个体咨询、危机评估与转介。"),
    ("浙江省妇女儿童维权中心", ["women", "domestic_violence", "legal_aid"], "CN-ZJ",
     "+8657187000000", "杭州市上城区", "工作日 9:00-17:00", "妇女儿童", "家庭暴力求助、人身安全保护令申请协助。"),
    ("武汉市心理医院 心理援助热线", ["crisis_line", "counselling"], "CN-HB", "+862785844666",
     "武汉市江岸区", "24小时", "所有来电者", "武汉市精神卫生中心心理援助热线。"),
    ("湖北省荣军医院 老年心理门诊", ["elderly", "psychiatry"], "CN-HB", "+862787000000",
     "武汉市洪山区", "工作日 8:00-17:00", "老年人", "老年抑郁、认知障碍评估与治疗。"),
    ("四川大学华西医院 心理卫生中心", ["psychiatry", "hospital", "counselling"], "CN-SC",
     "+862885422000", "成都市武侯区国学巷37号", "门诊工作日，急诊24小时", "需挂号",
     "精神科门诊、心理治疗、急诊与住院。"),
    ("成都市心理援助热线", ["crisis_line"], "CN-SC", "+862887577510", "成都市青羊区",
     "24小时", "所有来电者", "成都市第四人民医院运营的心理危机干预热线。"),
    ("成都市青少年成长服务中心", ["youth", "students", "counselling"], "CN-SC", "+862886000000",
     "成都市锦江区", "周二至周六 9:00-17:00", "青少年及家长", "厌学、网络成瘾、亲子关系咨询。"),
    ("南京脑科医院 心理危机干预中心", ["crisis_line", "psychiatry", "hospital"], "CN-JS",
     "+862583712977", "南京市鼓楼区广州路264号", "24小时", "所有来电者", "热线、门诊与自杀未遂者随访。"),
    ("江苏省社会救助服务中心", ["social_assistance"], "CN-JS", "+862512345000", "南京市建邺区",
     "工作日 9:00-17:00", "生活困难群众", "低保、临时救助、流浪乞讨人员救助转介。"),
    ("天津市安定医院 心理热线", ["crisis_line", "psychiatry"], "CN-TJ", "+862288188858",
     "天津市河西区柳林路13号", "24小时", "所有来电者", "心理危机干预热线与精神科急诊。"),
    ("重庆市心理危机干预中心", ["crisis_line", "counselling"], "CN-CQ", "+862342000000",
     "重庆市渝中区", "24小时", "所有来电者", "热线、面询与危机个案随访。"),
    ("西安市精神卫生中心 成瘾科", ["substance_use", "psychiatry"], "CN-SN", "+862984000000",
     "西安市雁塔区", "工作日 8:00-17:30", "成瘾者及家属", "酒精、药物与网络成瘾的门诊及住院治疗。"),
    ("Beijing International Counselling Centre", ["counselling"], "CN-BJ", "+861065000000",
     "Chaoyang District, Beijing", "Mon-Sat 9:00-19:00", "Adults; English and Chinese",
     "Counselling in English for expatriates and international students."),
]


def seed(session: Session, today: date) -> int:
    """Add the demo directory; a few entries are over a year unverified, so review shows."""
    for index, (name, cats, region, phone, address, hours, who, text) in enumerate(SERVICES):
        resource = Resource(
            name=name, categories=cats, region=region, phone=phone, address=address,
            opening_hours=hours, eligibility=who, description=text,
            languages=["en", "zh"] if "International" in name else ["zh"],
            last_verified_on=today - timedelta(days=400 if index % 9 == 4 else 20 + index * 7),
        )
        derive(resource)
        session.add(resource)
    session.flush()
    return len(SERVICES)
